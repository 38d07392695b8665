import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Group, Modal, Radio, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { ApiKeyCreateSchema, type ApiKeyCreated, type ApiKeyCreateInput, type Role } from '@keyway/shared';
import { ModalActions } from '@/components/modal-actions';
import { RoleChoice } from '@/components/role-choice';
import { applyFieldErrors } from '@/lib/form-errors';
import { requiredLabel } from '@/lib/required-label';
import { useCreateApiKey } from '../api/create-api-key';
import { daysOf, DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES, expiryChoiceOf } from './expiry-choice';
import { NewApiKey } from './new-api-key';

/** Said wherever an Administrator key is about to be made: the console, the CLI and SECURITY.md agree. */
export const ADMIN_KEY_WARNING = 'Whoever holds an Administrator key can manage users and API keys, as an administrator can. Give it only to a program that must do that.';

/** The three roles as for a person, and, while Administrator is chosen, what that hands a program. */
export function ApiKeyRoleChoice({ value, onChange, error }: { value: Role; onChange: (role: Role) => void; error?: string }) {
  return (
    <>
      <RoleChoice value={value} onChange={onChange} error={error} />
      {value === 'admin' && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="This key can manage users and API keys" role="alert">
          {ADMIN_KEY_WARNING}
        </Alert>
      )}
    </>
  );
}

/**
 * Create API key: name, role and expiry, then the key, shown once. While the key is on screen a
 * click outside does not close the dialog, so it is not lost by a stray click; Done and Escape do.
 */
export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const createApiKey = useCreateApiKey();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const form = useForm<ApiKeyCreateInput>({
    resolver: zodResolver(ApiKeyCreateSchema),
    defaultValues: { name: '', role: 'viewer', expiresInDays: DEFAULT_EXPIRY_DAYS },
    // Not on blur: an error line appearing as the Name field loses focus moves the role choice under
    // the pointer between mouse down and up, and the click that left the field misses its radio.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const close = () => {
    form.reset();
    createApiKey.reset();
    setCreated(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={created ? 'Your new API key' : 'Create API key'} closeOnClickOutside={!created} size="lg">
      {created ? (
        <NewApiKey created={created} onDone={close} />
      ) : (
        <form
          noValidate
          onSubmit={form.handleSubmit((values) =>
            createApiKey.mutate(values, {
              onSuccess: (answer) => {
                setCreated(answer);
                // The key now lives only in this dialog's state.
                createApiKey.reset();
              },
              onError: (error) => applyFieldErrors(error, form.setError),
            }),
          )}
        >
          <Stack gap="sm">
            <TextInput
              label="Name"
              {...requiredLabel}
              description="What uses the key, so it can be told apart and revoked knowingly: “Nightly sync from Airflow”."
              autoComplete="off"
              data-autofocus
              {...form.register('name')}
              error={form.formState.errors.name?.message}
            />
            <Controller
              control={form.control}
              name="role"
              render={({ field, fieldState }) => <ApiKeyRoleChoice value={field.value} onChange={field.onChange} error={fieldState.error?.message} />}
            />
            <Controller
              control={form.control}
              name="expiresInDays"
              render={({ field, fieldState }) => (
                <Radio.Group
                  label="Expires"
                  description="After this the key stops working by itself. It can be revoked at any time."
                  value={expiryChoiceOf(field.value)}
                  onChange={(choice) => field.onChange(daysOf(choice))}
                  error={fieldState.error?.message}
                >
                  <Group gap="md" mt={6}>
                    {EXPIRY_CHOICES.map((choice) => (
                      <Radio key={choice.value} value={choice.value} label={choice.label} />
                    ))}
                  </Group>
                </Radio.Group>
              )}
            />
            <ModalActions
              error={createApiKey.error}
              showError={!Object.keys(form.formState.errors).length}
              onCancel={close}
              submitLabel="Create API key"
              pending={createApiKey.isPending}
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
