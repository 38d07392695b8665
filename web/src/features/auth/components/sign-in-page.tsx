import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, PasswordInput, TextInput } from '@mantine/core';
import { IconAlertCircle, IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { SignInSchema, type SignInInput } from '@keyway/shared';
import { AuthCard } from '@/components/auth-card';
import { errorMessage } from '@/lib/form-errors';
import { takeSessionNotice, useSession } from '@/lib/session';
import { useSignIn } from '../api/sign-in';

export function SignInPage() {
  const signIn = useSignIn();
  // Said by the request that found the session over, or, after a reload, by the session probe.
  const [apiNotice] = useState(takeSessionNotice);
  const session = useSession();
  const notice = apiNotice ?? session.data?.notice;
  const form = useForm<SignInInput>({ resolver: zodResolver(SignInSchema), defaultValues: { email: '', password: '' } });

  return (
    <AuthCard title="Sign in" description="Sign in to manage the console's data sources.">
      {notice && !signIn.isError && (
        <Alert color="blue" icon={<IconClock />} mb="md" role="status">
          {notice}
        </Alert>
      )}
      <form noValidate onSubmit={form.handleSubmit((values) => signIn.mutate(values))}>
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          autoFocus
          mb="sm"
          {...form.register('email')}
          error={form.formState.errors.email?.message}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          mb="md"
          {...form.register('password')}
          error={form.formState.errors.password?.message}
        />
        {signIn.isError && (
          <Alert color="red" icon={<IconAlertCircle />} mb="md" role="alert">
            {errorMessage(signIn.error)}
          </Alert>
        )}
        <Button type="submit" fullWidth loading={signIn.isPending}>
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
