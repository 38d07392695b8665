import { Button } from '@mantine/core';
import { AuthCard } from '@/components/auth-card';
import { createAdministrator } from '../api/create-administrator';
import { useAuthForm } from '../hooks/use-auth-form';
import { CredentialFields } from './credential-fields';

export function CreateAdministratorPage({ onSent }: { onSent?: () => void }) {
  const form = useAuthForm(['email', 'password'], createAdministrator, onSent);

  return (
    <AuthCard
      title="Create administrator"
      description="No account exists yet. The account you create now administers this console."
    >
      <form noValidate onSubmit={form.onSubmit}>
        <CredentialFields
          form={form}
          password={{ autoComplete: 'new-password', description: 'At least 12 characters. A passphrase of several words is easy to type and hard to guess.' }}
        />
        <Button type="submit" fullWidth loading={form.pending}>
          Create administrator
        </Button>
      </form>
    </AuthCard>
  );
}
