import { Tooltip } from '@mantine/core';

/**
 * A tooltip a keyboard reaches too: its target takes focus, it stays while the pointer moves onto
 * it, and Escape closes it (WCAG 1.4.13). The target is named by its own text; the tooltip
 * describes it.
 */
export function ReachableTooltip({ label, children }: { label: string; children: React.ReactElement }) {
  return (
    <Tooltip label={label} multiline maw={280} openDelay={300} events={{ hover: true, focus: true, touch: true }} interactive>
      {children}
    </Tooltip>
  );
}
