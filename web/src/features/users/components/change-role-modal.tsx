import { Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ROLE_LABELS, type Role, type UserAccount } from '@keyway/shared';
import { Breakable } from '@/components/breakable';
import { ModalActions } from '@/components/modal-actions';
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
    <Modal opened={user !== null} onClose={close} title={<>Change role of <Breakable text={user?.email ?? ''} /></>}>
      <Stack gap="sm">
        <RoleChoice value={role} onChange={setRole} />
        <Text size="sm" c="dimmed">
          The change takes effect at once: the person is signed out everywhere and signs in again with the new role.
        </Text>
        <ModalActions
          error={changeRole.error}
          onCancel={close}
          submitLabel="Change role"
          pending={changeRole.isPending}
          disabled={!user || role === user.role}
          onSubmit={() =>
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
        />
      </Stack>
    </Modal>
  );
}
