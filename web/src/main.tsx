import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { PageErrorBoundary } from '@/components/page-error-boundary';
import { PageLoader } from '@/components/page-loader';
import { SessionGate } from '@/features/auth';
import { AppProviders } from './app/providers';

// Signed out, the page is the sign-in form and no more: the console loads once someone signs in,
// from the moment they send the form, beside the request that checks their password.
const loadConsole = () => import('./app/console');
const Console = lazy(loadConsole);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders>
      {/* Should this early fetch fail, rendering the console fails the same way, and says so. */}
      <SessionGate onSignInSent={() => void loadConsole().catch(() => undefined)}>
        {(user) => (
          <PageErrorBoundary>
            <Suspense fallback={<PageLoader />}>
              {/* Keyed by the user: the next person signed in on this tab starts with nothing cached. */}
              <Console key={user.id} />
            </Suspense>
          </PageErrorBoundary>
        )}
      </SessionGate>
    </AppProviders>
  </StrictMode>,
);
