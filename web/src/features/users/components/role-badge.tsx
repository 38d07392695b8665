import { Badge } from '@mantine/core';
import { ROLE_LABELS, type Role } from '@keyway/shared';

const COLORS: Record<Role, string> = { admin: 'grape', editor: 'blue', viewer: 'gray' };

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge color={COLORS[role]} variant="light" tt="none">
      {ROLE_LABELS[role]}
    </Badge>
  );
}
