import { Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconUserCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { ROLE_LABELS } from '@keyway/shared';
import { useSession } from '@/lib/session';

// The dialog brings react-hook-form and zod, which no page needs on first load: fetched when the
// menu opens. Mantine's modal gives focus back on closing only if it was mounted closed before it
// opened, so it is mounted (flushSync) as soon as it is here, and opened only once it is.
const loadChangePasswordModal = () => import('./change-password-modal').then((m) => m.ChangePasswordModal);
type ChangePasswordModalType = Awaited<ReturnType<typeof loadChangePasswordModal>>;

/** The header's account button: who is signed in, with which role, and Change password. */
export function AccountMenu() {
  const user = useSession().data?.user;
  const [passwordOpened, passwordModal] = useDisclosure(false);
  const [PasswordModal, setPasswordModal] = useState<ChangePasswordModalType | null>(null);
  const mountPasswordModal = () => loadChangePasswordModal().then((modal) => flushSync(() => setPasswordModal(() => modal)));
  if (!user) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal onOpen={() => void mountPasswordModal()}>
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
          <Menu.Item leftSection={<IconKey size={16} />} onClick={() => void mountPasswordModal().then(passwordModal.open)}>
            Change password
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {PasswordModal && <PasswordModal opened={passwordOpened} onClose={passwordModal.close} />}
    </>
  );
}
