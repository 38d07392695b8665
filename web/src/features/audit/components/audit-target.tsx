import { Stack, Text } from '@mantine/core';
import { showHiddenCharacters, type AuditEvent } from '@keyway/shared';
import { Breakable } from '@/components/breakable';
import { DisplayTextWarnings } from '@/components/display-text';

// Titles wrap at their break points; a piece wider than a narrow card is still cut rather than overflow.
const WRAP = { overflowWrap: 'break-word' } as const;

/** Whether an entry names what it acted on at all. */
export const hasTarget = (event: AuditEvent) => Boolean(event.targetLabel ?? event.targetId);

/**
 * What an entry acted on, as it was called then, wrapping where its kind may (an address after
 * "/", a name or email after "@" and before dots), and under it its id: two look-alike titles
 * ("Salesforce" and "Ѕalesforce" with a Cyrillic Ѕ) are two ids. A title that may pretend gets the
 * same badges as in the lists. An address is its own id, so it shows none.
 */
export function AuditTarget({ event }: { event: AuditEvent }) {
  const label = event.targetLabel ?? event.targetId ?? '—';
  const isAddress = event.targetType === 'address';
  const id = !isAddress && event.targetLabel && event.targetId && event.targetId !== event.targetLabel ? event.targetId : null;
  return (
    <Stack gap={2} align="flex-start">
      <Text size="sm" style={WRAP}>
        <bdi>
          <Breakable text={showHiddenCharacters(label)} kind={isAddress ? 'address' : 'email'} />
        </bdi>
      </Text>
      {!isAddress && <DisplayTextWarnings text={label} subject="name" />}
      {id && (
        // The theme's dimmed grey is darkened to keep 4.5:1 at this size (WCAG 1.4.3).
        <Text size="xs" c="dimmed" style={WRAP}>
          ID{' '}
          <Text span inherit ff="monospace">
            <Breakable text={id} kind="address" />
          </Text>
        </Text>
      )}
    </Stack>
  );
}
