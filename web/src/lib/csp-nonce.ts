import { setNonce } from 'get-nonce';

/**
 * The nonce the server gave this page for its Content-Security-Policy, from
 * `<meta property="csp-nonce">` (Vite writes the tag; the server fills in a fresh nonce for every
 * response of index.html). Read through the `nonce` property: browsers hide the attribute's value
 * from the DOM once the page is under a policy. In development Vite serves the page without a policy,
 * and the placeholder it finds there is harmless.
 */
export const cspNonce: string | undefined =
  document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;

/** For Mantine's `getStyleNonce`: its `<style>` elements (CSS variables, responsive props) carry the nonce. */
export const getStyleNonce: (() => string) | undefined = cspNonce === undefined ? undefined : () => cspNonce;

// react-remove-scroll (Mantine's Modal and Drawer lock the page's scroll) writes a <style> element
// through react-style-singleton, which takes its nonce from get-nonce and from nowhere else.
if (cspNonce) setNonce(cspNonce);
