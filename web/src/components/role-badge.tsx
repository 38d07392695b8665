import { Badge } from '@mantine/core';
import { ROLE_LABELS, type Role } from '@keyway/shared';

const COLORS: Record<Role, string> = { admin: 'grape', editor: 'blue', viewer: 'gray' };

export function RoleBadge({ role }: { role: Role }) {
  return (
    // Its full width always: a Badge otherwise clips its label with an ellipsis in a tight column.
    <Badge color={COLORS[role]} variant="light" tt="none" miw="max-content">
      {ROLE_LABELS[role]}
    </Badge>
  );
}
