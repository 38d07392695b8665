import { useNotifications } from '@mantine/notifications';
import { lazy, Suspense, useState } from 'react';

// Mantine's notification container (with react-transition-group and its scroll lock) is 12 kB
// gzipped that no page needs to be drawn: fetched when the first notification is shown. The
// store that notifications.show() fills is tiny and here from the start, so none is lost meanwhile.
const Notifications = lazy(() => import('./notifications-container'));

export function NotificationsOutlet() {
  const { notifications, queue } = useNotifications();
  const [wanted, setWanted] = useState(false);
  // Mounted from the first notification on, and kept: the last one needs it to animate out.
  if (!wanted && notifications.length + queue.length > 0) setWanted(true);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      {/* Bottom right: at the top they covered the account menu and Sign out. */}
      <Notifications position="bottom-right" />
    </Suspense>
  );
}
