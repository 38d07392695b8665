import { Alert, Anchor, Collapse, Stack, Text, TextInput } from '@mantine/core';
import { IconCloud } from '@tabler/icons-react';
import { useState } from 'react';
import { SALESFORCE_CREDENTIALS_HINT, salesforceTokenUrl } from '@keyway/shared';

/** The JWT bearer grant has no Consumer Secret: only the key is looked up. */
const JWT_CREDENTIALS_HINT =
  'In Salesforce Setup, open App Manager, find your connected app, choose View, then "Manage Consumer Details" to see its Consumer Key (Client Id).';

/** Turns a My Domain name into Salesforce's token URL, and says where the consumer key (and secret) live. */
export function SalesforceHelper({ onTokenUrl, jwt = false }: { onTokenUrl: (url: string) => void; jwt?: boolean }) {
  const [open, setOpen] = useState(false);
  const [domain, setDomain] = useState('');
  const url = domain ? salesforceTokenUrl(domain) : null;

  // Guidance that is always there, not news: a note, not an alert a screen reader breaks in with.
  return (
    <Alert role="note" variant="light" color="blue" icon={<IconCloud />} title="Connecting to Salesforce?">
      <Stack gap="xs">
        <Text size="sm">
          {jwt ? JWT_CREDENTIALS_HINT : SALESFORCE_CREDENTIALS_HINT}{' '}
          <Anchor component="button" type="button" size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide the My Domain helper' : 'Fill the Access Token URL from a My Domain'}
          </Anchor>
        </Text>
        <Collapse expanded={open}>
          <TextInput
            label="My Domain"
            placeholder="e.g. acme-dev-ed"
            description="The part before .my.salesforce.com in your org's address (Setup > My Domain)."
            value={domain}
            onChange={(event) => {
              const next = event.currentTarget.value;
              setDomain(next);
              const tokenUrl = salesforceTokenUrl(next);
              if (tokenUrl) onTokenUrl(tokenUrl);
            }}
            error={domain && !url ? 'Use letters, digits and hyphens, as in acme-dev-ed' : undefined}
          />
        </Collapse>
      </Stack>
    </Alert>
  );
}
