import { Menu } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey } from '@tabler/icons-react';
import { useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { ROLE_LABELS, type User } from '@keyway/shared';
import { AccountButton } from './account-button';

// The dialog brings react-hook-form and zod, which no page needs on first load: fetched when the
// menu opens. Mantine's modal gives focus back on closing only if it was mounted closed before it
// opened, so it is mounted (flushSync) as soon as it is here, and opened only once it is.
const loadChangePasswordModal = () => import('./change-password-modal').then((m) => m.ChangePasswordModal);
type ChangePasswordModalType = Awaited<ReturnType<typeof loadChangePasswordModal>>;

/** The account menu, once account-menu.tsx has fetched it: the button, and who is signed in and Change password under it. */
export function AccountMenuDropdown({ user, button }: { user: User; button: RefObject<HTMLButtonElement | null> }) {
  const [passwordOpened, passwordModal] = useDisclosure(false);
  const [PasswordModal, setPasswordModal] = useState<ChangePasswordModalType | null>(null);
  const mountPasswordModal = () => loadChangePasswordModal().then((modal) => flushSync(() => setPasswordModal(() => modal)));
  return (
    <>
      <Menu position="bottom-end" withinPortal onOpen={() => void mountPasswordModal()}>
        <Menu.Target>
          <AccountButton ref={button} user={user} />
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
