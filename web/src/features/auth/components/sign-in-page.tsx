import { Alert, Button } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { AuthCard } from '@/components/auth-card';
import { takeSessionNotice, useSession } from '@/lib/session';
import { signIn } from '../api/sign-in';
import { useAuthForm } from '../hooks/use-auth-form';
import { CredentialFields } from './credential-fields';

export function SignInPage({ onSent }: { onSent?: () => void }) {
  const form = useAuthForm(['email', 'password'], signIn, onSent);
  // Said by the request that found the session over, or, after a reload, by the session probe.
  const [apiNotice] = useState(takeSessionNotice);
  const session = useSession();
  const notice = apiNotice ?? session.data?.notice;

  return (
    <AuthCard title="Sign in" description="Sign in to manage the console's data sources.">
      {notice && !form.formError && (
        <Alert color="blue" icon={<IconClock />} mb="md" role="status">
          {notice}
        </Alert>
      )}
      <form noValidate onSubmit={form.onSubmit}>
        <CredentialFields form={form} password={{ autoComplete: 'current-password' }} />
        <Button type="submit" fullWidth loading={form.pending}>
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
