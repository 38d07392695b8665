// Mantine's Tooltip alone, for reachable-tooltip.tsx to fetch on first use.
export { Tooltip } from '@mantine/core';
