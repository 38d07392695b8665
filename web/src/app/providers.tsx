import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { setUnauthenticatedHandler } from '@/lib/api-client';
import { getStyleNonce } from '@/lib/csp-nonce';
import { createQueryClient } from '@/lib/react-query';
import { getSessionQueryOptions, setSessionNotice } from '@/lib/session';
import { installMenuFocusReturn } from './menu-focus';
import { cssVariablesResolver, theme } from './theme';

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    // A session that expires mid-work sends the administrator back to sign-in; the page behind it stays.
    setUnauthenticatedHandler((message) => {
      setSessionNotice(message);
      void client.invalidateQueries({ queryKey: getSessionQueryOptions().queryKey });
    });
    return client;
  });
  useEffect(() => installMenuFocusReturn(), []);
  return (
    // Mantine's <style> elements carry the page's nonce: the policy refuses style elements without one.
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" getStyleNonce={getStyleNonce}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          {/* Bottom right: at the top they covered the account menu and Sign out. */}
          <Notifications position="bottom-right" />
          {children}
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
