import { Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ROLE_LABELS, type Role, type UserAccount } from '@keyway/shared';
import { Breakable } from '@/components/breakable';
import { ModalActions } from '@/components/modal-actions';
import { useChangeRole } from '../api/change-role';
import { RoleChoice } from '@/components/role-choice';

/**
 * The dialog stays mounted, so it knows what had focus when it opened and gives focus back there
 * when it closes (remounting it per person lost that); the form inside starts from each person's
 * current role.
 */
export function ChangeRoleModal({ user, onClose }: { user: UserAccount | null; onClose: () => void }) {
  return (
    <Modal opened={user !== null} onClose={onClose} title={<>Change role of <Breakable text={user?.email ?? ''} /></>}>
      {user && <ChangeRoleForm key={user.id} user={user} onClose={onClose} />}
    </Modal>
  );
}

function ChangeRoleForm({ user, onClose }: { user: UserAccount; onClose: () => void }) {
  const changeRole = useChangeRole();
  const [role, setRole] = useState<Role>(user.role);

  return (
    <Stack gap="sm">
      <RoleChoice value={role} onChange={setRole} />
      <Text size="sm" c="dimmed">
        The change takes effect at once: the person is signed out everywhere and signs in again with the new role.
      </Text>
      <ModalActions
        error={changeRole.error}
        onCancel={onClose}
        submitLabel="Change role"
        pending={changeRole.isPending}
        disabled={role === user.role}
        onSubmit={() =>
          changeRole.mutate(
            { id: user.id, role },
            {
              onSuccess: (updated) => {
                notifications.show({ color: 'green', title: 'Role changed', message: `${updated.email} is now ${ROLE_LABELS[updated.role]}.` });
                onClose();
              },
            },
          )
        }
      />
    </Stack>
  );
}
