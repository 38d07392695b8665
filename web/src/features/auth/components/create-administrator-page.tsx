import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, PasswordInput, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useForm } from 'react-hook-form';
import { CreateAdministratorSchema, type CreateAdministratorInput } from '@keyway/shared';
import { AuthCard } from '@/components/auth-card';
import { applyFieldErrors, errorMessage } from '@/lib/form-errors';
import { useCreateAdministrator } from '../api/create-administrator';

export function CreateAdministratorPage() {
  const create = useCreateAdministrator();
  const form = useForm<CreateAdministratorInput>({
    resolver: zodResolver(CreateAdministratorSchema),
    defaultValues: { email: '', password: '' },
  });

  return (
    <AuthCard
      title="Create administrator"
      description="No account exists yet. The account you create now administers this console."
    >
      <form
        noValidate
        onSubmit={form.handleSubmit((values) => create.mutate(values, { onError: (error) => applyFieldErrors(error, form.setError) }))}
      >
        <TextInput label="Email" type="email" autoComplete="username" autoFocus mb="sm" {...form.register('email')} error={form.formState.errors.email?.message} />
        <PasswordInput
          label="Password"
          description="At least 12 characters. A passphrase of several words is easy to type and hard to guess."
          autoComplete="new-password"
          mb="md"
          {...form.register('password')}
          error={form.formState.errors.password?.message}
        />
        {create.isError && (
          <Alert color="red" icon={<IconAlertCircle />} mb="md" role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
        <Button type="submit" fullWidth loading={create.isPending}>
          Create administrator
        </Button>
      </form>
    </AuthCard>
  );
}
