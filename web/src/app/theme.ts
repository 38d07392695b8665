import {
  createTheme,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  type ModalProps,
  type NotificationProps,
  type PasswordInputProps,
  type TableScrollContainerProps,
} from '@mantine/core';

/*
 * Mantine's palettes with shades 6–9 darkened until they meet WCAG 2.2 AA (1.4.3): shade 6 is the
 * filled background under white text, the text of light and subtle variants and of links, so it
 * keeps at least 5:1 against white (4.5:1 on its own light tint); 7, 8 and 9 keep 6, 7.5 and 9.5.
 * Mantine's own shade 6 gives 3.56:1 for blue, 2.36:1 for green and 3.32:1 for the dimmed grey.
 * Shades 0–5 (backgrounds, borders) are Mantine's. theme.test.ts holds every pairing to the rule.
 */
const colors: Record<string, MantineColorsTuple> = {
  blue: ['#e7f5ff', '#d0ebff', '#a5d8ff', '#74c0fc', '#4dabf7', '#339af0', '#1671bf', '#1665ab', '#135593', '#114678'],
  red: ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#ff6b6b', '#e00606', '#c50f0f', '#a61919', '#861c1c'],
  green: ['#ebfbee', '#d3f9d8', '#b2f2bb', '#8ce99a', '#69db7c', '#51cf66', '#297d38', '#237030', '#1d612a', '#195024'],
  orange: ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#ff922b', '#b45302', '#a54505', '#913807', '#7c2909'],
  yellow: ['#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b', '#fcc419', '#916603', '#875800', '#7b4800', '#6c3800'],
  gray: ['#f8f9fa', '#f1f3f5', '#e9ecef', '#dee2e6', '#ced4da', '#adb5bd', '#686f77', '#495057', '#343a40', '#212529'],
  violet: ['#f3f0ff', '#e5dbff', '#d0bfff', '#b197fc', '#9775fa', '#845ef7', '#774ef2', '#693fe7', '#582ed5', '#4b2f9c'],
  grape: ['#f8f0fc', '#f3d9fa', '#eebefa', '#e599f7', '#da77f2', '#cc5de8', '#b12ad3', '#9a32b4', '#832d98', '#6b257c'],
  indigo: ['#edf2ff', '#dbe4ff', '#bac8ff', '#91a7ff', '#748ffc', '#5c7cfa', '#3b60f4', '#2d52e9', '#2546c8', '#293c97'],
  cyan: ['#e3fafc', '#c5f6fa', '#99e9f2', '#66d9e8', '#3bc9db', '#22b8cf', '#0f7988', '#0b6d7c', '#085c6a', '#074c58'],
  teal: ['#e6fcf5', '#c3fae8', '#96f2d7', '#63e6be', '#38d9a9', '#20c997', '#0c7e5c', '#086f50', '#066044', '#054f39'],
  pink: ['#fff0f6', '#ffdeeb', '#fcc2d7', '#faa2c1', '#f783ac', '#f06595', '#d51d5d', '#b92559', '#a01e4c', '#86183e'],
  lime: ['#f4fce3', '#e9fac8', '#d8f5a2', '#c0eb75', '#a9e34b', '#94d82d', '#507b12', '#456d0d', '#395d08', '#2f4b07'],
};

/**
 * Links sit on light tinted boxes too (hints, alerts), where shade 6 falls to 4.1:1, so they take
 * shade 7. Placeholders take the dimmed grey: some, like the Swagger File button's, are the only
 * text a control shows, and all of them now read "e.g. …", so they cannot pass for typed values.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-anchor': 'var(--mantine-color-blue-7)', '--mantine-color-placeholder': 'var(--mantine-color-gray-6)' },
  dark: {},
});

export const theme = createTheme({
  colors,
  primaryColor: 'blue',
  primaryShade: 6,
  defaultRadius: 'md',
  // Every focusable control shows Mantine's 2 px ring when reached by keyboard; inputs get theirs in global.css.
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  // Plain objects typed by each component's props, not `Modal.extend(…)`: calling the components
  // here would put Modal, Notification and Table in the sign-in page's bundle.
  components: {
    // Mantine's close button is an unnamed icon: a screen reader would announce only "button".
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } satisfies Partial<ModalProps> },
    // Showing what was typed helps everyone, keyboard users too: Mantine leaves the eye out of the Tab order.
    PasswordInput: { defaultProps: { visibilityToggleFocusable: true } satisfies Partial<PasswordInputProps> },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } satisfies Partial<NotificationProps> },
    // A table wider than the screen scrolls sideways: keyboard users reach it with Tab, then scroll with the arrows.
    TableScrollContainer: {
      defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } satisfies Partial<TableScrollContainerProps>,
    },
  },
});
