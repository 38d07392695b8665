import { Button, Group, PasswordInput, TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { requiredLabel } from '@/lib/required-label';

/**
 * A write-only secret field (after Grafana's SecretInput): once stored, the value never comes
 * back; the field says "configured" and offers Replace. Leaving it untouched keeps the secret.
 * `keepRefusal` says why the stored secret cannot be used with the current values: the field then
 * asks for the secret and offers no "Keep stored" (the caller shows the reason, as the error).
 */
export function SecretInput(props: {
  label: string;
  description?: ReactNode;
  configured: boolean;
  replacing: boolean;
  onReplace: () => void;
  onKeep: () => void;
  keepRefusal?: string | null;
  error?: string;
  required?: boolean;
  inputProps: React.ComponentProps<typeof PasswordInput>;
}) {
  const { label, description, configured, replacing, onReplace, onKeep, keepRefusal, error, required, inputProps } = props;
  if (configured && !replacing) {
    return (
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label={label}
          description={description}
          value="Configured"
          readOnly
          leftSection={<IconLock size={16} />}
          style={{ flex: 1 }}
          aria-describedby={undefined}
          error={error}
        />
        <Button variant="default" onClick={onReplace}>
          Replace
        </Button>
      </Group>
    );
  }
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <PasswordInput
        label={label}
        description={description}
        autoComplete="new-password"
        {...(required ? requiredLabel : {})}
        error={error}
        style={{ flex: 1 }}
        {...inputProps}
      />
      {configured && !keepRefusal && (
        <Button variant="subtle" onClick={onKeep}>
          Keep stored
        </Button>
      )}
    </Group>
  );
}
