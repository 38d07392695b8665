import { Alert, PasswordInput, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage } from '@/lib/form-errors';
import type { useAuthForm } from '../hooks/use-auth-form';

type CredentialsForm = ReturnType<typeof useAuthForm<'email' | 'password'>>;

/** Email and password as the sign-in and setup pages both ask for them, with the server's messages on each. */
export function CredentialFields({ form, password }: { form: CredentialsForm; password: { autoComplete: 'current-password' | 'new-password'; description?: string } }) {
  return (
    <>
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
        description={password.description}
        autoComplete={password.autoComplete}
        mb="md"
        onChange={() => form.clearFieldError('password')}
        error={form.fieldError('password')}
      />
      {form.formError !== null && (
        <Alert color="red" icon={<IconAlertCircle />} mb="md" role="alert">
          {errorMessage(form.formError)}
        </Alert>
      )}
    </>
  );
}
