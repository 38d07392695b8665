import { zodResolver } from '@hookform/resolvers/zod';
import { Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useForm } from 'react-hook-form';
import { PasswordChangeSchema, type PasswordChangeInput } from '@keyway/shared';
import { applyFieldErrors } from '@/lib/form-errors';
import { ModalActions } from '@/components/modal-actions';
import { requiredLabel } from '@/lib/required-label';
import { useChangePassword } from '../api/change-password';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const changePassword = useChangePassword();
  const form = useForm<PasswordChangeInput>({ resolver: zodResolver(PasswordChangeSchema), defaultValues: { currentPassword: '', newPassword: '' } });

  const close = () => {
    form.reset();
    changePassword.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Change password">
      <form
        noValidate
        onSubmit={form.handleSubmit((values) =>
          changePassword.mutate(values, {
            onSuccess: () => {
              notifications.show({ color: 'green', title: 'Password changed', message: 'Your other sessions were signed out.' });
              close();
            },
            onError: (error) => applyFieldErrors(error, form.setError),
          }),
        )}
      >
        <Stack gap="sm">
          <PasswordInput
            label="Current password"
            {...requiredLabel}
            autoComplete="current-password"
            data-autofocus
            {...form.register('currentPassword')}
            error={form.formState.errors.currentPassword?.message}
          />
          <PasswordInput
            label="New password"
            {...requiredLabel}
            description="12 characters or more."
            autoComplete="new-password"
            {...form.register('newPassword')}
            error={form.formState.errors.newPassword?.message}
          />
          <Text size="sm" c="dimmed">
            You stay signed in here; every other session of yours ends.
          </Text>
          <ModalActions
            error={changePassword.error}
            showError={!Object.keys(form.formState.errors).length}
            onCancel={close}
            submitLabel="Change password"
            pending={changePassword.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
