import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useSession } from '@/lib/session';
import { AccountButton } from './account-button';

// Mantine's Menu brings its Popover and floating-ui, about 30 kB gzipped that no page needs to be
// drawn. The button is drawn at once; a pointer or focus on it fetches the menu; the first press
// puts the menu in its place and presses the menu's own button, which takes focus first: Mantine
// gives focus back on closing to what had it when the menu opened. Only a press swaps them, since
// swapped while a mouse button is down, the button would be gone before the click.
const loadMenu = () => import('./account-menu-dropdown').then((m) => m.AccountMenuDropdown);
type AccountMenuDropdownType = Awaited<ReturnType<typeof loadMenu>>;

/** The header's account button: who is signed in, with which role, and Change password. */
export function AccountMenu() {
  const user = useSession().data?.user;
  const [Menu, setMenu] = useState<AccountMenuDropdownType | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  if (!user) return null;
  if (Menu) return <Menu user={user} button={button} />;
  const prefetch = () => void loadMenu();
  const open = () =>
    void loadMenu().then((menu) => {
      flushSync(() => setMenu(() => menu));
      button.current?.focus();
      button.current?.click();
    });
  return <AccountButton user={user} aria-haspopup="menu" aria-expanded={false} onPointerEnter={prefetch} onFocus={prefetch} onClick={open} />;
}
