import { Group, Paper, SimpleGrid, Skeleton, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconLayoutGrid } from '@tabler/icons-react';
import type { HealthState, HealthSummary } from '@keyway/shared';
import { STATE_LOOKS, STATE_ORDER } from '@/components/health-state';

function Card(props: { word: string; count: number; color: string; icon: React.ReactNode; selected: boolean; onClick: () => void }) {
  const { word, count, color, icon, selected, onClick } = props;
  return (
    // Named by what it shows, "3 Failing", in the order shown (WCAG 2.5.3); the icon is decoration.
    <UnstyledButton onClick={onClick} aria-pressed={selected} style={{ borderRadius: 'var(--mantine-radius-md)' }}>
      <Paper
        withBorder
        radius="md"
        p={{ base: 8, sm: 'sm' }}
        h="100%"
        bg={selected ? `var(--mantine-color-${color}-0)` : undefined}
        style={{
          borderColor: selected ? `var(--mantine-color-${color}-6)` : undefined,
          boxShadow: selected ? `inset 0 0 0 1px var(--mantine-color-${color}-6)` : undefined,
        }}
      >
        <Group gap="xs" wrap="nowrap">
          <ThemeIcon size={28} radius="xl" variant="light" color={color} aria-hidden>
            {icon}
          </ThemeIcon>
          <Text fz={{ base: 22, sm: 26 }} fw={750} lh={1.1} c={count > 0 && color !== 'gray' && color !== 'blue' ? `${color}.9` : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {count}
          </Text>
        </Group>
        <Text size="sm" fw={600} mt={6} lh={1.25} c={selected ? `${color}.9` : 'dark.4'}>
          {word}
        </Text>
      </Paper>
    </UnstyledButton>
  );
}

/** Counts by state; a card filters the tiles to its state, pressing it again shows all. */
export function SummaryCards(props: { summary: HealthSummary | undefined; selected: HealthState | undefined; onSelect: (state: HealthState | undefined) => void }) {
  const { summary, selected, onSelect } = props;
  return (
    <SimpleGrid cols={{ base: 3, md: 6 }} spacing={{ base: 8, sm: "sm" }} verticalSpacing={{ base: 8, sm: "sm" }} role="group" aria-label="Data sources by state">
      {summary ? (
        <>
          <Card word="All" count={summary.total} color="blue" icon={<IconLayoutGrid size={18} />} selected={!selected} onClick={() => onSelect(undefined)} />
          {STATE_ORDER.map((state) => {
            const look = STATE_LOOKS[state];
            return (
              <Card
                key={state}
                word={look.word}
                count={summary.byState[state] ?? 0}
                color={look.color}
                icon={<look.Icon size={18} />}
                selected={selected === state}
                onClick={() => onSelect(selected === state ? undefined : state)}
              />
            );
          })}
        </>
      ) : (
        Array.from({ length: 6 }, (_, i) => <Skeleton key={i} h={84} radius="md" />)
      )}
    </SimpleGrid>
  );
}
