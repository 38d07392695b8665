import { Badge, Box, Button, Group, Paper, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowRight, IconTransfer } from '@tabler/icons-react';
import { useState } from 'react';
import type { HealthCheckRecord, HealthEvent } from '@keyway/shared';
import { formatDateTime, plural } from '@/lib/format';
import { formatAgo, formatLatency, mergeTimeline } from './health-format';
import { STATE_LOOKS } from '@/components/health-state';
import { HealthStateBadge } from '@/components/health-state-badge';

const STEP = 25;

/** The exact time, and how long ago beside it: both visible, no tooltip to reach for. */
function When({ iso, now }: { iso: string; now: number }) {
  return (
    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
      <time dateTime={iso}>{formatDateTime(iso)}</time> · {formatAgo(iso, now)}
    </Text>
  );
}

function CheckItem({ check, now }: { check: HealthCheckRecord; now: number }) {
  const look = STATE_LOOKS[check.outcome];
  const facts = [
    check.httpStatus !== null ? `HTTP ${check.httpStatus}` : null,
    check.tokenMs !== null ? `token ${formatLatency(check.tokenMs)}` : null,
    check.apiMs !== null ? `API ${formatLatency(check.apiMs)}` : null,
    `total ${formatLatency(check.totalMs)}`,
  ]
    .filter((fact): fact is string => fact !== null)
    .map((fact) => fact.replace(/ /g, '\u00a0'));
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" px="sm" py={8}>
      <ThemeIcon size={24} radius="xl" variant="light" color={look.color} aria-hidden style={{ flexShrink: 0 }}>
        <look.Icon size={16} />
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="sm">
            <Text span fw={650} c={`${look.color}.9`}>
              {look.word}
            </Text>{' '}
            <Text span c="dimmed" size="sm">
              check
            </Text>
          </Text>
          <When iso={check.startedAt} now={now} />
        </Group>
        {check.message && check.message.toLowerCase() !== look.word.toLowerCase() && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {check.message}
          </Text>
        )}
        <Group gap={6} wrap="wrap">
          {check.oauthError && (
            <Badge size="sm" variant="light" color="red" tt="none" ff="monospace">
              {check.oauthError}
            </Badge>
          )}
          <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {facts.join(' · ')}
          </Text>
        </Group>
      </Stack>
    </Group>
  );
}

function ChangeItem({ change, now }: { change: HealthEvent; now: number }) {
  const look = STATE_LOOKS[change.to];
  return (
    <Box
      px="sm"
      py="xs"
      bg={`var(--mantine-color-${look.color}-0)`}
      style={{ borderLeft: `4px solid var(--mantine-color-${look.color}-6)`, borderRadius: 'var(--mantine-radius-sm)' }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon size={24} radius="xl" variant="filled" color={look.color} aria-hidden style={{ flexShrink: 0 }}>
          <IconTransfer size={15} />
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="sm" fw={700}>
              State changed
            </Text>
            <When iso={change.at} now={now} />
          </Group>
          <Group gap={6} wrap="wrap">
            {change.from ? <HealthStateBadge state={change.from} /> : <Text size="sm">Started</Text>}
            <IconArrowRight size={16} aria-hidden />
            <VisuallyHidden>to</VisuallyHidden>
            <HealthStateBadge state={change.to} />
          </Group>
          {change.reason && (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {change.reason}
            </Text>
          )}
        </Stack>
      </Group>
    </Box>
  );
}

/** Checks and state changes, newest first; state changes stand out with a band of their colour. */
export function HealthTimeline({ checks, changes, now }: { checks: HealthCheckRecord[]; changes: HealthEvent[]; now: number }) {
  const [shown, setShown] = useState(STEP);
  const entries = mergeTimeline(checks, changes);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="timeline-heading">
            History
          </Title>
          <Text size="xs" c="dimmed">
            {checks.length === 1 ? 'The last check' : `The last ${plural(checks.length, 'check')}`} and{' '}
            {changes.length === 1 ? 'state change' : plural(changes.length, 'state change')}, newest first
          </Text>
        </div>
        {entries.length === 0 ? (
          <Text size="sm" c="dimmed" py="md" ta="center">
            No checks yet. The first one runs shortly, or use Run check now.
          </Text>
        ) : (
          <Stack component="ol" gap={4} m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby="timeline-heading">
            {entries.slice(0, shown).map((entry) => (
              <li key={entry.key} data-kind={entry.kind}>
                {entry.kind === 'check' ? <CheckItem check={entry.check} now={now} /> : <ChangeItem change={entry.change} now={now} />}
              </li>
            ))}
          </Stack>
        )}
        {entries.length > shown && (
          <Group justify="center">
            <Button variant="subtle" onClick={() => setShown((n) => n + STEP * 2)}>
              Show more ({entries.length - shown} older)
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
