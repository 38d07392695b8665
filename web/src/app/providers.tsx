// Mantine's CSS for the sign-in and setup pages only, in @layer mantine and in the order of
// @mantine/core/styles.css; the console adds all of it when it loads (app/console.tsx). A component
// shown before sign-in that is missing here renders unstyled on that page.
import '@mantine/core/styles/baseline.layer.css';
import '@mantine/core/styles/default-css-variables.layer.css';
import '@mantine/core/styles/global.layer.css';
import '@mantine/core/styles/UnstyledButton.layer.css';
import '@mantine/core/styles/VisuallyHidden.layer.css';
import '@mantine/core/styles/Paper.layer.css';
import '@mantine/core/styles/Loader.layer.css';
import '@mantine/core/styles/ActionIcon.layer.css';
import '@mantine/core/styles/CloseButton.layer.css';
import '@mantine/core/styles/Group.layer.css';
import '@mantine/core/styles/Input.layer.css';
import '@mantine/core/styles/Alert.layer.css';
import '@mantine/core/styles/Text.layer.css';
import '@mantine/core/styles/Button.layer.css';
import '@mantine/core/styles/Center.layer.css';
import '@mantine/core/styles/PasswordInput.layer.css';
import '@mantine/core/styles/Stack.layer.css';
import '@mantine/core/styles/ThemeIcon.layer.css';
import '@mantine/core/styles/Title.layer.css';
// Outside any layer, so it overrides Mantine's styles whichever chunk brought them.
import './global.css';
import { MantineProvider } from '@mantine/core';
import type { ReactNode } from 'react';
import { getStyleNonce } from '@/lib/csp-nonce';
import { cssVariablesResolver, theme } from './theme';

/** What the sign-in page and the console share; the console adds its own (app/console.tsx). */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    // Mantine's <style> elements carry the page's nonce: the policy refuses style elements without one.
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" getStyleNonce={getStyleNonce}>
      {children}
    </MantineProvider>
  );
}
