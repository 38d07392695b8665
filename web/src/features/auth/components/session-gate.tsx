import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorState } from '@/components/error-state';
import { useSession } from '@/lib/session';
import { CreateAdministratorPage } from './create-administrator-page';
import { SignInPage } from './sign-in-page';

/** Shows setup or sign-in until there is a session, then the console. */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.isPending) {
    return (
      <Center component="main" mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <main>
        <ErrorState order={1} title="The console is not reachable" error={session.error} onRetry={() => session.refetch()} />
      </main>
    );
  }
  if (session.data.setupRequired) return <CreateAdministratorPage />;
  if (!session.data.user) return <SignInPage />;
  return <>{children}</>;
}
