import { AppShell, Burger, Button, Group, NavLink } from '@mantine/core';
import { useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconActivityHeartbeat, IconCloud, IconDatabase, IconKey, IconListDetails, IconLogout, IconSettings, IconTool, IconUsers } from '@tabler/icons-react';
import { useCallback, useRef, type MouseEvent } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { Logo } from '@/components/logo';
import { AccountMenu, useSignOut } from '@/features/account';
import { useCan } from '@/lib/session';
import { paths } from '@/lib/paths';
import { focusHeading, useFocusHeadingOnNavigation } from './route-focus';

const MAIN_ID = 'main-content';
const NAV_ID = 'main-navigation';

/** To the page's heading (the start of what the page says), or the page itself while it has none. */
function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const main = document.getElementById(MAIN_ID);
  if (main && !focusHeading(main)) main.focus();
}

/** Header, navigation (Tools > Cloud Services > Data Sources, as in AEM) and the page. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  // Below the breakpoint the navigation is a drawer; closed, it is only moved off screen, so it is
  // made inert, or its links would be invisible Tab stops. Escape closes it.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const burger = useRef<HTMLButtonElement>(null);
  useHotkeys(
    [
      [
        'Escape',
        () => {
          // Focus inside the drawer would be left on an inert link: it goes back to the menu button.
          const inside = document.getElementById(NAV_ID)?.contains(document.activeElement) ?? false;
          close();
          if (inside && narrow) burger.current?.focus();
        },
      ],
    ],
    [],
    true,
  );
  const signOut = useSignOut();
  const location = useLocation();
  const inDataSources = location.pathname.startsWith(paths.dataSources());
  const canManageUsers = useCan('users.manage');
  const canManageApiKeys = useCan('api_keys.manage');
  const canReadAudit = useCan('audit.read');
  const inHealth = location.pathname === paths.health() || location.pathname.startsWith(`${paths.health()}/`);
  useFocusHeadingOnNavigation(useCallback(() => document.getElementById(MAIN_ID), []));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <a className="skip-link" href={`#${MAIN_ID}`} onClick={skipToContent}>
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              ref={burger}
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Navigation"
              aria-expanded={opened}
              aria-controls={NAV_ID}
            />
            <Logo />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <AccountMenu />
            <Button variant="subtle" size="compact-sm" leftSection={<IconLogout size={16} />} onClick={() => signOut.mutate()} loading={signOut.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main" id={NAV_ID} inert={narrow && !opened}>
        <NavLink
          label="Health"
          leftSection={<IconActivityHeartbeat size={18} />}
          component={RouterNavLink}
          to={paths.health()}
          active={inHealth}
          onClick={close}
        />
        <NavLink label="Tools" leftSection={<IconTool size={18} />} defaultOpened childrenOffset={16} component="button">
          <NavLink label="Cloud Services" leftSection={<IconCloud size={18} />} defaultOpened childrenOffset={16} component="button">
            <NavLink
              label="Data Sources"
              leftSection={<IconDatabase size={18} />}
              component={RouterNavLink}
              to={paths.dataSources()}
              active={inDataSources}
              onClick={close}
            />
          </NavLink>
        </NavLink>
        {(canManageUsers || canManageApiKeys || canReadAudit) && (
          <NavLink label="Administration" leftSection={<IconSettings size={18} />} defaultOpened childrenOffset={16} component="button">
            {canManageUsers && (
              <NavLink
                label="Users"
                leftSection={<IconUsers size={18} />}
                component={RouterNavLink}
                to={paths.users()}
                active={location.pathname === paths.users()}
                onClick={close}
              />
            )}
            {canManageApiKeys && (
              <NavLink
                label="API keys"
                leftSection={<IconKey size={18} />}
                component={RouterNavLink}
                to={paths.apiKeys()}
                active={location.pathname === paths.apiKeys()}
                onClick={close}
              />
            )}
            {canReadAudit && (
              <NavLink
                label="Audit log"
                leftSection={<IconListDetails size={18} />}
                component={RouterNavLink}
                to={paths.auditLog()}
                active={location.pathname === paths.auditLog()}
                onClick={close}
              />
            )}
          </NavLink>
        )}
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0" id={MAIN_ID} tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
