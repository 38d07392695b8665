import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/** How long a page may take to draw its heading (a lazy chunk, then its data) before focus stays put. */
const HEADING_WAIT_MS = 5_000;

/**
 * After a navigation to another page, focus moves to that page's h1, as a full page load would put
 * a screen reader at the top: without it, focus drops to <body> and the next Tab starts in the
 * header again. Only the path counts: a filter or a step in the query string is not a new page.
 * The first render is left alone, so a fresh load keeps the browser's own focus order.
 */
export function useFocusHeadingOnNavigation(container: () => HTMLElement | null) {
  const { pathname } = useLocation();
  // The path last shown, not a "first render" flag: StrictMode runs effects twice on mount.
  const shown = useRef(pathname);
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    const root = container();
    if (!root) return;
    if (focusHeading(root)) return;
    // While the page loads, the person may already have gone on (opened the menu, pressed a
    // button): then focus stays where they put it rather than being taken when the heading arrives.
    const focusedAtNavigation = document.activeElement;
    const movedOn = () => document.activeElement !== focusedAtNavigation && document.activeElement !== document.body;
    const observer = new MutationObserver(() => {
      if (movedOn() || focusHeading(root)) stop();
    });
    const timer = setTimeout(() => stop(), HEADING_WAIT_MS);
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
    };
    observer.observe(root, { childList: true, subtree: true });
    return stop;
  }, [pathname, container]);
}

/** Focuses the page's h1 (made focusable by script only); false while the page has none yet. */
export function focusHeading(root: HTMLElement): boolean {
  const heading = root.querySelector<HTMLElement>('h1');
  if (!heading) return false;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
  return true;
}
