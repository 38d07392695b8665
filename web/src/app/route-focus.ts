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
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const root = container();
    if (!root) return;
    const focusHeading = () => {
      const heading = root.querySelector<HTMLElement>('h1');
      if (!heading) return false;
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) stop();
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
