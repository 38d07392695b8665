import { Group, Text, ThemeIcon } from '@mantine/core';
import type { HealthState } from '@keyway/shared';
import { STATE_LOOKS } from './health-state';

/** The state as icon, word and colour. `data-state` lets tests read the machine value too. */
export function HealthStateBadge({ state, size = 'sm' }: { state: HealthState; size?: 'sm' | 'md' | 'lg' }) {
  const look = STATE_LOOKS[state];
  const icon = { sm: 20, md: 24, lg: 30 }[size];
  return (
    <Group gap={6} wrap="nowrap" display="inline-flex" data-state={state}>
      <ThemeIcon size={icon} radius="xl" variant="light" color={look.color} aria-hidden>
        <look.Icon size={Math.round(icon * 0.7)} />
      </ThemeIcon>
      <Text size={size} fw={650} c={`${look.color}.9`} style={{ whiteSpace: 'nowrap' }}>
        {look.word}
      </Text>
    </Group>
  );
}
