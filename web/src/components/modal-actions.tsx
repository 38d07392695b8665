import { Alert, Button, Group } from '@mantine/core';
import { errorMessage } from '@/lib/form-errors';

/**
 * The end of every dialog form: the server's refusal when no field took it, then Cancel and the
 * action. `submit` is a form submit unless `onSubmit` is given.
 */
export function ModalActions({
  error,
  showError = true,
  onCancel,
  submitLabel,
  pending,
  disabled,
  onSubmit,
}: {
  error: unknown;
  showError?: boolean;
  onCancel: () => void;
  submitLabel: string;
  pending: boolean;
  disabled?: boolean;
  onSubmit?: () => void;
}) {
  return (
    <>
      {error !== null && error !== undefined && showError && (
        <Alert color="red" role="alert">
          {errorMessage(error)}
        </Alert>
      )}
      <Group justify="flex-end" mt="xs">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type={onSubmit ? 'button' : 'submit'} onClick={onSubmit} loading={pending} disabled={disabled}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
