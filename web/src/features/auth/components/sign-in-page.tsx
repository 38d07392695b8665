import { Alert, Button, PasswordInput, TextInput } from '@mantine/core';
import { IconAlertCircle, IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { AuthCard } from '@/components/auth-card';
import { errorMessage } from '@/lib/form-errors';
import { takeSessionNotice, useSession } from '@/lib/session';
import { signIn } from '../api/sign-in';
import { useAuthForm } from '../hooks/use-auth-form';

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
        <TextInput
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          mb="sm"
          onChange={() => form.clearFieldError('email')}
          error={form.fieldError('email')}
        />
        <PasswordInput
          label="Password"
          name="password"
          autoComplete="current-password"
          mb="md"
          onChange={() => form.clearFieldError('password')}
          error={form.fieldError('password')}
        />
        {form.formError !== null && (
          <Alert color="red" icon={<IconAlertCircle />} mb="md" role="alert">
            {errorMessage(form.formError)}
          </Alert>
        )}
        <Button type="submit" fullWidth loading={form.pending}>
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
