import { zodResolver } from '@hookform/resolvers/zod';
import { Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useForm } from 'react-hook-form';
import { UserPasswordResetSchema, type UserAccount, type UserPasswordResetInput } from '@keyway/shared';
import { applyFieldErrors } from '@/lib/form-errors';
import { Breakable } from '@/components/breakable';
import { ModalActions } from '@/components/modal-actions';
import { requiredLabel } from '@/lib/required-label';
import { useResetPassword } from '../api/reset-password';

export function ResetPasswordModal({ user, onClose }: { user: UserAccount | null; onClose: () => void }) {
  const resetPassword = useResetPassword();
  const form = useForm<UserPasswordResetInput>({ resolver: zodResolver(UserPasswordResetSchema), defaultValues: { password: '' } });

  const close = () => {
    form.reset();
    resetPassword.reset();
    onClose();
  };

  return (
    <Modal opened={user !== null} onClose={close} title={<>Reset password of <Breakable text={user?.email ?? ''} /></>}>
      <form
        noValidate
        onSubmit={form.handleSubmit(
          (values) =>
            user &&
            resetPassword.mutate(
              { id: user.id, password: values.password },
              {
                onSuccess: (updated) => {
                  notifications.show({ color: 'green', title: 'Password reset', message: `${updated.email} was signed out everywhere.` });
                  close();
                },
                onError: (error) => applyFieldErrors(error, form.setError),
              },
            ),
        )}
      >
        <Stack gap="sm">
          <PasswordInput
            label="New password"
            {...requiredLabel}
            description="12 characters or more. Give it to the person yourself."
            autoComplete="new-password"
            data-autofocus
            {...form.register('password')}
            error={form.formState.errors.password?.message}
          />
          <Text size="sm" c="dimmed">
            The old password stops working, and every session of this person ends now.
          </Text>
          <ModalActions
            error={resetPassword.error}
            showError={!Object.keys(form.formState.errors).length}
            onCancel={close}
            submitLabel="Reset password"
            pending={resetPassword.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
