import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ROLE_LABELS, type Role, type UserAccount } from '@keyway/shared';
import { errorMessage } from '@/lib/form-errors';
import { useChangeRole } from '../api/change-role';
import { RoleChoice } from './role-choice';

/** Rendered with key={user.id}, so the choice starts from that person's current role. */
export function ChangeRoleModal({ user, onClose }: { user: UserAccount | null; onClose: () => void }) {
  const changeRole = useChangeRole();
  const [role, setRole] = useState<Role>(user?.role ?? 'viewer');

  const close = () => {
    changeRole.reset();
    onClose();
  };

  return (
    <Modal opened={user !== null} onClose={close} title={`Change role of ${user?.email ?? ''}`}>
      <Stack gap="sm">
        <RoleChoice value={role} onChange={setRole} />
        <Text size="sm" c="dimmed">
          The change takes effect at once: the person is signed out everywhere and signs in again with the new role.
        </Text>
        {changeRole.isError && (
          <Alert color="red" role="alert">
            {errorMessage(changeRole.error)}
          </Alert>
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            disabled={!user || role === user.role}
            loading={changeRole.isPending}
            onClick={() =>
              user &&
              changeRole.mutate(
                { id: user.id, role },
                {
                  onSuccess: (updated) => {
                    notifications.show({ color: 'green', title: 'Role changed', message: `${updated.email} is now ${ROLE_LABELS[updated.role]}.` });
                    close();
                  },
                },
              )
            }
          >
            Change role
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
