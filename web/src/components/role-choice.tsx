import { Radio, Stack } from '@mantine/core';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from '@keyway/shared';

/** The three roles with what each may do, so the choice is made knowing its effect. */
export function RoleChoice({ value, onChange, error }: { value: Role; onChange: (role: Role) => void; error?: string }) {
  return (
    <Radio.Group label="Role" value={value} onChange={(next) => onChange(next as Role)} error={error}>
      <Stack gap="xs" mt={6}>
        {ROLES.map((role) => (
          <Radio key={role} value={role} label={ROLE_LABELS[role]} description={ROLE_DESCRIPTIONS[role]} />
        ))}
      </Stack>
    </Radio.Group>
  );
}
