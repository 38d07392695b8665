import { Button, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFilterOff } from '@tabler/icons-react';
import { useState } from 'react';
import { AUDIT_ACTIONS } from '@keyway/shared';
import type { AuditFilterState } from '../hooks/use-audit-filters';

const ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }));
const OUTCOME_OPTIONS = [
  { value: 'success', label: 'Succeeded' },
  { value: 'failure', label: 'Failed' },
];

/** Action, Person, Outcome and dates; each change goes to the address at once, the Person box after a pause in typing. */
export function AuditFilterBar({ search }: { search: AuditFilterState }) {
  const { params, fieldErrors, filtering, update, clear } = search;
  const [actorText, setActorText] = useState(params.get('actor') ?? '');
  const commitActor = useDebouncedCallback((value: string) => update({ actor: value.trim() || undefined }), 300);

  return (
    <Group gap="sm" align="flex-start" mb="md" wrap="wrap">
      <Select
        label="Action"
        placeholder="Any action"
        data={ACTION_OPTIONS}
        value={params.get('action')}
        onChange={(value) => update({ action: value ?? undefined })}
        clearable
        searchable
        w={{ base: '100%', sm: 230 }}
        error={fieldErrors.action?.[0]}
      />
      <TextInput
        label="Person"
        placeholder="e.g. maria or example.com"
        value={actorText}
        onChange={(event) => {
          setActorText(event.currentTarget.value);
          commitActor(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 220 }}
      />
      <Select
        label="Outcome"
        placeholder="Any outcome"
        data={OUTCOME_OPTIONS}
        value={params.get('outcome')}
        onChange={(value) => update({ outcome: value ?? undefined })}
        clearable
        w={{ base: '100%', sm: 150 }}
      />
      <TextInput
        label="From"
        type="date"
        value={params.get('from') ?? ''}
        onChange={(event) => update({ from: event.currentTarget.value || undefined })}
        w={{ base: '47%', sm: 160 }}
        error={fieldErrors.from?.[0]}
      />
      <TextInput
        label="To"
        type="date"
        value={params.get('to') ?? ''}
        onChange={(event) => update({ to: event.currentTarget.value || undefined })}
        w={{ base: '47%', sm: 160 }}
        error={fieldErrors.to?.[0]}
      />
      {filtering && (
        <Button
          variant="subtle"
          mt={25}
          leftSection={<IconFilterOff size={16} />}
          onClick={() => {
            setActorText('');
            clear();
          }}
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}
