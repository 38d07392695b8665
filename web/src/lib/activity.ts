/**
 * When the person at the console last did something (pressed a key, clicked, touched, scrolled).
 * Requests made after a minute without any of that are background refreshes.
 */
const IDLE_AFTER_MS = 60_000;
let lastActivity = Date.now();

if (typeof window !== 'undefined') {
  const mark = () => {
    lastActivity = Date.now();
  };
  for (const event of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const) {
    window.addEventListener(event, mark, { capture: true, passive: true });
  }
}

export function personIsIdle(now = Date.now()): boolean {
  return now - lastActivity > IDLE_AFTER_MS;
}
