import type { ReactNode } from 'react';
import type { User } from '@keyway/shared';
import { ErrorState } from '@/components/error-state';
import { PageLoader } from '@/components/page-loader';
import { useSession } from '@/lib/session';
import { CreateAdministratorPage } from './create-administrator-page';
import { SignInPage } from './sign-in-page';

/**
 * Shows setup or sign-in until there is a session, then the console of the person signed in.
 * `onSignInSent`: a sign-in or setup form went to the server, so the console is likely wanted next.
 */
export function SessionGate({ children, onSignInSent }: { children: (user: User) => ReactNode; onSignInSent?: () => void }) {
  const session = useSession();
  if (session.isPending) return <PageLoader />;
  if (session.isError) {
    return (
      <main>
        <ErrorState order={1} title="The console is not reachable" error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) return <PageLoader />;
  if (session.data.setupRequired) return <CreateAdministratorPage onSent={onSignInSent} />;
  if (!session.data.user) return <SignInPage onSent={onSignInSent} />;
  return <>{children(session.data.user)}</>;
}
