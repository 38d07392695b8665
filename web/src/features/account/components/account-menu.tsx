import { Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconUserCircle } from '@tabler/icons-react';
import { ROLE_LABELS } from '@keyway/shared';
import { useSession } from '@/lib/session';
import { ChangePasswordModal } from './change-password-modal';

/** The header's account button: who is signed in, with which role, and Change password. */
export function AccountMenu() {
  const user = useSession().data?.user;
  const [passwordOpened, passwordModal] = useDisclosure(false);
  if (!user) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          {/* The name starts with the words shown (WCAG 2.5.3), and keeps them where narrow screens hide them. */}
          <UnstyledButton
            aria-label={`${user.email}, ${ROLE_LABELS[user.role]}, account menu`}
            px={6}
            py={4}
            style={{ borderRadius: 'var(--mantine-radius-sm)' }}
          >
            <Group gap={8} wrap="nowrap">
              <IconUserCircle size={20} color="var(--mantine-color-gray-7)" aria-hidden />
              <Text size="sm" c="dimmed" visibleFrom="sm" truncate maw={240}>
                {user.email}
              </Text>
              {/* A space in the text content, else the email and role run together as one word ("testAdministrator") in the visible text that checkers compare with the name. */}{' '}
              <Badge variant="light" color="gray" tt="none" visibleFrom="xs">
                {ROLE_LABELS[user.role]}
              </Badge>
              <IconChevronDown size={14} color="var(--mantine-color-gray-6)" aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            {user.email} · {ROLE_LABELS[user.role]}
          </Menu.Label>
          <Menu.Item leftSection={<IconKey size={16} />} onClick={passwordModal.open}>
            Change password
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={passwordOpened} onClose={passwordModal.close} />
    </>
  );
}
