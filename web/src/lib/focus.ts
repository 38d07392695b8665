import { useEffect, useRef, type RefObject } from 'react';

/**
 * After a check that failed: the first field that says it is invalid gets focus (the browser
 * scrolls it into view), so a person sees and hears what to fix, even when it is far up the page.
 * It waits a frame, for the fields to show their errors.
 */
export function focusFirstInvalid(root: HTMLElement | null) {
  requestAnimationFrame(() => root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/**
 * A button that shows a loader while it works is disabled meanwhile, and the browser drops focus
 * to <body> from a disabled element. When the work is done (and the button is enabled again, so
 * after React has drawn it), focus goes back to the button, unless the person has moved on.
 */
export function useRefocusWhenDone(working: boolean, button: RefObject<HTMLElement | null>) {
  const wasWorking = useRef(working);
  useEffect(() => {
    const finished = wasWorking.current && !working;
    wasWorking.current = working;
    if (finished && (document.activeElement === null || document.activeElement === document.body)) button.current?.focus();
  }, [working, button]);
}
