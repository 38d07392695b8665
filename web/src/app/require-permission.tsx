import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ROLE_LABELS, type Permission } from '@keyway/shared';
import { EmptyState } from '@/components/empty-state';
import { paths } from '@/lib/paths';
import { useSession, useCan } from '@/lib/session';

/** A page someone reached by address whose role does not allow it: said plainly, with a way back. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const allowed = useCan(permission);
  const role = useSession().data?.user?.role;
  if (allowed) return <>{children}</>;
  return (
    <EmptyState
      icon={<IconLock size={30} />}
      order={1}
      title="Your role cannot open this page"
      action={
        <Button component={Link} to={paths.health()} variant="default" mt="xs">
          Go to Health
        </Button>
      }
    >
      You are signed in as {role ? `${ROLE_LABELS[role]}` : 'a user'}. Ask an administrator if you need more access.
    </EmptyState>
  );
}
