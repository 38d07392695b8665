import type { Tooltip as MantineTooltip } from '@mantine/core';
import { cloneElement, useCallback, useState, type FocusEvent, type MouseEvent, type ReactElement } from 'react';

// Mantine's Tooltip places itself with floating-ui, about 20 kB gzipped that no page needs to be
// drawn: it is fetched the first time a pointer comes over, or the keyboard reaches, any target
// that has one. That target's tooltip then opens as it would have: after the same delay for the
// pointer, at once for the keyboard.
const loadTooltip = () => import('./tooltip').then((m) => m.Tooltip);
let loadedTooltip: typeof MantineTooltip | undefined;

const OPEN_DELAY_MS = 300;

interface TargetProps {
  onMouseEnter?: (event: MouseEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
}

/**
 * A tooltip a keyboard reaches too: its target takes focus, it stays while the pointer moves onto
 * it, and Escape closes it (WCAG 1.4.13). The target is named by its own text; the tooltip
 * describes it.
 */
export function ReachableTooltip({ label, children }: { label: string; children: ReactElement<TargetProps> }) {
  const [Tooltip, setTooltip] = useState(() => loadedTooltip);
  const [arrival, setArrival] = useState({ open: false, focus: false });
  // The target is drawn anew inside the tooltip: focus goes back to it, once.
  const focusTarget = useCallback((node: HTMLElement | null) => node?.focus({ preventScroll: true }), []);

  if (Tooltip) {
    return (
      <Tooltip
        ref={arrival.focus ? focusTarget : undefined}
        label={label}
        multiline
        maw={280}
        openDelay={OPEN_DELAY_MS}
        events={{ hover: true, focus: true, touch: true }}
        interactive
        defaultOpened={arrival.open}
      >
        {children}
      </Tooltip>
    );
  }

  /**
   * The tooltip in place `delayMs` after the event that asked for it (an event's timeStamp is on
   * performance.now()'s clock), open if the pointer or the keyboard's focus is still on the target.
   */
  const arrive = ({ currentTarget: target, timeStamp: asked }: { currentTarget: HTMLElement; timeStamp: number }, delayMs: number) => {
    void loadTooltip().then((loaded) => {
      loadedTooltip = loaded;
      window.setTimeout(
        () => {
          // Put in place already, by an earlier hover or focus of the same target.
          if (!target.isConnected) return;
          const focused = target === document.activeElement && target.matches(':focus-visible');
          setArrival({ open: focused || target.matches(':hover'), focus: focused });
          setTooltip(() => loaded);
        },
        Math.max(0, delayMs - (performance.now() - asked)),
      );
    });
  };
  const { onMouseEnter, onFocus } = children.props;
  return cloneElement(children, {
    // A mouse event, not a pointer event: a tap sends one too, as Mantine's tooltip expects.
    onMouseEnter: (event) => {
      onMouseEnter?.(event);
      arrive(event, OPEN_DELAY_MS);
    },
    onFocus: (event) => {
      onFocus?.(event);
      // The keyboard's focus, as Mantine's tooltip opens for; a click's comes with the pointer.
      if (event.currentTarget.matches(':focus-visible')) arrive(event, 0);
    },
  });
}
