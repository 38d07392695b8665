import { AdministrationHeader } from '@/components/administration-header';
import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { modals, ModalsProvider } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconCircleOff, IconDots, IconKey, IconUserCheck, IconUserOff, IconUserPlus, IconUserShield } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { UserAccount } from '@keyway/shared';
import { Breakable } from '@/components/breakable';
import { ErrorState } from '@/components/error-state';
import { SkeletonRows } from '@/components/skeleton-rows';
import { errorMessage } from '@/lib/form-errors';
import { formatDateTime, formatRelative } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useSetUserDisabled } from '../api/set-user-disabled';
import { useUsers } from '../api/get-users';
import { ChangeRoleModal } from './change-role-modal';
import { CreateUserModal } from './create-user-modal';
import { ResetPasswordModal } from './reset-password-modal';
import { RoleBadge } from '@/components/role-badge';

function AccountStatus({ disabled }: { disabled: boolean }) {
  return disabled ? (
    <Group gap={6} wrap="nowrap">
      <IconCircleOff size={16} color="var(--mantine-color-red-7)" aria-hidden />
      <Text size="sm" c="red.8">
        Disabled
      </Text>
    </Group>
  ) : (
    <Group gap={6} wrap="nowrap">
      <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-hidden />
      <Text size="sm">Active</Text>
    </Group>
  );
}

function LastSignIn({ iso }: { iso: string | null }) {
  if (!iso) {
    return (
      <Text size="sm" c="dimmed">
        Never
      </Text>
    );
  }
  return (
    <Tooltip label={formatDateTime(iso)}>
      <Text size="sm">{formatRelative(iso)}</Text>
    </Tooltip>
  );
}

/** Administration > Users: who can use the console, and with which role. */
export function UsersPage() {
  const users = useUsers();
  const session = useSession();
  const me = session.data?.user?.id;
  const narrow = useMediaQuery('(max-width: 48em)');
  const [createOpened, createModal] = useDisclosure(false);
  const [roleOf, setRoleOf] = useState<UserAccount | null>(null);
  const [passwordOf, setPasswordOf] = useState<UserAccount | null>(null);
  const setDisabled = useSetUserDisabled();

  const toggleDisabled = (user: UserAccount) => {
    const disabling = !user.disabled;
    const run = () =>
      setDisabled.mutate(
        { id: user.id, disabled: disabling },
        {
          onSuccess: () => notifications.show({ color: 'green', title: disabling ? 'User disabled' : 'User enabled', message: user.email }),
          onError: (error) => notifications.show({ color: 'red', title: disabling ? 'Could not disable' : 'Could not enable', message: errorMessage(error) }),
        },
      );
    if (!disabling) return run();
    modals.openConfirmModal({
      title: (
        <>
          Disable <Breakable text={user.email} />?
        </>
      ),
      children: <Text size="sm">They are signed out at once and cannot sign in until an administrator enables the account again. Nothing they made is deleted.</Text>,
      labels: { confirm: 'Disable', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: run,
    });
  };

  const actions = (user: UserAccount) => {
    const self = user.id === me;
    return (
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.email}`} loading={setDisabled.isPending && setDisabled.variables?.id === user.id}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconUserShield size={16} />} disabled={self} onClick={() => setRoleOf(user)}>
            Change role
          </Menu.Item>
          <Menu.Item leftSection={<IconKey size={16} />} onClick={() => setPasswordOf(user)}>
            Reset password
          </Menu.Item>
          <Menu.Divider />
          {user.disabled ? (
            <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={() => toggleDisabled(user)}>
              Enable
            </Menu.Item>
          ) : (
            <Menu.Item color="red" leftSection={<IconUserOff size={16} />} disabled={self} onClick={() => toggleDisabled(user)}>
              Disable
            </Menu.Item>
          )}
          {self && (
            <Text size="xs" c="dimmed" px="sm" py={4} maw={220}>
              Another administrator changes your own role or disables you.
            </Text>
          )}
        </Menu.Dropdown>
      </Menu>
    );
  };

  const email = (user: UserAccount) => (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      {/* Never cut with an ellipsis: the address wraps after "@" and before dots, whole words kept. */}
      <Text size="sm" fw={600} style={{ overflowWrap: 'break-word', minWidth: 0 }}>
        <Breakable text={user.email} />
      </Text>
      {user.id === me && (
        <Badge size="xs" variant="outline" color="gray" tt="none" miw="max-content">
          You
        </Badge>
      )}
    </Group>
  );

  let body: ReactNode;
  if (users.isError) {
    body = <ErrorState title="Users could not be loaded" error={users.error} onRetry={() => users.refetch()} />;
  } else if (users.isPending) {
    body = <SkeletonRows count={3} height={44} />;
  } else if (narrow) {
    body = (
      <Stack gap="xs" role="list" aria-label="Users">
        {users.data.map((user) => (
          <Paper key={user.id} withBorder p="sm" radius="md" role="listitem">
            <Group justify="space-between" wrap="nowrap">
              {email(user)}
              {actions(user)}
            </Group>
            <Group gap="md" mt="xs">
              <RoleBadge role={user.role} />
              <AccountStatus disabled={user.disabled} />
              {/* The table has a column header for it; a card says what the time is. */}
              <Group gap={4} wrap="nowrap">
                <Text size="sm" c="dimmed">
                  Last sign-in
                </Text>
                <LastSignIn iso={user.lastSignInAt} />
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover verticalSpacing="sm" aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Last sign-in</Table.Th>
              <Table.Th w={48}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td maw={320}>{email(user)}</Table.Td>
                <Table.Td>
                  <RoleBadge role={user.role} />
                </Table.Td>
                <Table.Td>
                  <AccountStatus disabled={user.disabled} />
                </Table.Td>
                <Table.Td>
                  <LastSignIn iso={user.lastSignInAt} />
                </Table.Td>
                <Table.Td>{actions(user)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Stack gap="lg" maw={1100}>
      <AdministrationHeader
        title="Users"
        description="Administrators manage users and read the audit log. Editors create, test and change data sources. Viewers see the dashboard and lists only."
        action={
          <Button leftSection={<IconUserPlus size={18} />} onClick={createModal.open}>
            Add user
          </Button>
        }
      />
      <Paper withBorder radius="md" p="md">
        {body}
      </Paper>
      <CreateUserModal opened={createOpened} onClose={createModal.close} />
      <ChangeRoleModal user={roleOf} onClose={() => setRoleOf(null)} />
      <ResetPasswordModal user={passwordOf} onClose={() => setPasswordOf(null)} />
      {/* Shows the confirmations asked for with modals.openConfirmModal, here rather than for the whole console: the dialog code loads with the pages that ask. */}
      <ModalsProvider />
    </Stack>
  );
}
