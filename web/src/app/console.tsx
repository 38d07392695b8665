// All of Mantine's CSS, in the same layer as the sign-in page's part of it (app/providers.tsx): the
// rules that part repeats come again here, in their places, so the console's styles are exactly
// those of @mantine/core/styles.css.
import '@mantine/core/styles.layer.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { setUnauthenticatedHandler } from '@/lib/api-client';
import { createQueryClient } from '@/lib/react-query';
import { refreshSession, setSessionNotice } from '@/lib/session';
import { installMenuFocusReturn } from './menu-focus';
import { NotificationsOutlet } from './notifications-outlet';
import { ConsoleRoutes } from './router';

/**
 * Everything behind sign-in: React Query, the router and its pages, notifications.
 * main.tsx loads it once someone is signed in, so the sign-in page downloads none of it, and mounts
 * one per signed-in user: the query cache lives and ends with this component.
 */
export default function Console() {
  const [queryClient] = useState(() => {
    // A session that expires mid-work sends the administrator back to sign-in; the page behind it stays.
    setUnauthenticatedHandler((message) => {
      setSessionNotice(message);
      void refreshSession();
    });
    return createQueryClient();
  });
  useEffect(() => installMenuFocusReturn(), []);
  return (
    <QueryClientProvider client={queryClient}>
      <NotificationsOutlet />
      <BrowserRouter>
        <ConsoleRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  );
}
