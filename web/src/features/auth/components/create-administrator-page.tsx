import { Alert, Button, PasswordInput, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { AuthCard } from '@/components/auth-card';
import { errorMessage } from '@/lib/form-errors';
import { createAdministrator } from '../api/create-administrator';
import { useAuthForm } from '../hooks/use-auth-form';

export function CreateAdministratorPage({ onSent }: { onSent?: () => void }) {
  const form = useAuthForm(['email', 'password'], createAdministrator, onSent);

  return (
    <AuthCard
      title="Create administrator"
      description="No account exists yet. The account you create now administers this console."
    >
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
          description="At least 12 characters. A passphrase of several words is easy to type and hard to guess."
          autoComplete="new-password"
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
          Create administrator
        </Button>
      </form>
    </AuthCard>
  );
}
