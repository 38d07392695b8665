import { zodResolver } from '@hookform/resolvers/zod';
import { Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Controller, useForm } from 'react-hook-form';
import { UserCreateSchema, type UserCreateInput } from '@keyway/shared';
import { applyFieldErrors } from '@/lib/form-errors';
import { ModalActions } from '@/components/modal-actions';
import { requiredLabel } from '@/lib/required-label';
import { useCreateUser } from '../api/create-user';
import { RoleChoice } from '@/components/role-choice';

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const createUser = useCreateUser();
  const form = useForm<UserCreateInput>({
    resolver: zodResolver(UserCreateSchema),
    defaultValues: { email: '', role: 'viewer', password: '' },
    // Not on blur: an error line appearing as the Name field loses focus moves the role choice under
    // the pointer between mouse down and up, and the click that left the field misses its radio.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const close = () => {
    form.reset();
    createUser.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Add user">
      <form
        noValidate
        onSubmit={form.handleSubmit((values) =>
          createUser.mutate(values, {
            onSuccess: (user) => {
              notifications.show({ color: 'green', title: 'User added', message: `${user.email} can sign in now.` });
              close();
            },
            onError: (error) => applyFieldErrors(error, form.setError),
          }),
        )}
      >
        <Stack gap="sm">
          <TextInput label="Email" {...requiredLabel} type="email" autoComplete="off" data-autofocus {...form.register('email')} error={form.formState.errors.email?.message} />
          <Controller
            control={form.control}
            name="role"
            render={({ field, fieldState }) => <RoleChoice value={field.value} onChange={field.onChange} error={fieldState.error?.message} />}
          />
          <PasswordInput
            label="First password"
            {...requiredLabel}
            description="12 characters or more. Give it to the person yourself; Keyway sends no email."
            autoComplete="new-password"
            {...form.register('password')}
            error={form.formState.errors.password?.message}
          />
          <ModalActions
            error={createUser.error}
            showError={!Object.keys(form.formState.errors).length}
            onCancel={close}
            submitLabel="Add user"
            pending={createUser.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
