import { Select, Stack, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { Controller, useFormContext } from 'react-hook-form';
import { SALESFORCE_AUDIENCES } from '@keyway/shared';
import { requiredLabel } from '@/lib/required-label';
import type { WizardValues } from './wizard-form';

const MY_DOMAIN = 'my_domain';

export const SALESFORCE_URL_CHOICES = [
  // The host alone: the full URL would be cut short in a phone-wide field.
  { value: SALESFORCE_AUDIENCES[0], label: `Production (${new URL(SALESFORCE_AUDIENCES[0]).host})` },
  { value: SALESFORCE_AUDIENCES[1], label: `Sandbox (${new URL(SALESFORCE_AUDIENCES[1]).host})` },
  { value: MY_DOMAIN, label: 'My Domain URL' },
];

/** Which choice a URL is: one of Salesforce's login hosts as written, or the org's own My Domain. */
export const salesforceUrlChoice = (url: string) => ((SALESFORCE_AUDIENCES as readonly string[]).includes(url.trim()) ? url.trim() : MY_DOMAIN);

/**
 * A Salesforce login host (production or sandbox) or the org's My Domain URL: a choice, and for
 * My Domain a field to type it in. Used for a JWT's audience and a SOAP login's URL.
 */
export function SalesforceUrlField(props: {
  name: 'auth.audience' | 'auth.loginUrl';
  label: string;
  description: string;
  error?: string;
}) {
  const { control, getValues } = useFormContext<WizardValues>();
  // The choice is the person's: typing login.salesforce.com as a My Domain must not swap the field away under them.
  const [choice, setChoice] = useState(() => salesforceUrlChoice(String(getValues(props.name) ?? '')));
  const lastMyDomain = useRef(choice === MY_DOMAIN ? String(getValues(props.name) ?? '') : '');

  return (
    <Controller
      control={control}
      name={props.name}
      render={({ field }) => (
        <Stack gap={6}>
          <Select
            label={props.label}
            {...requiredLabel}
            description={props.description}
            data={SALESFORCE_URL_CHOICES}
            value={choice}
            allowDeselect={false}
            onChange={(value) => {
              if (!value || value === choice) return;
              if (choice === MY_DOMAIN) lastMyDomain.current = String(field.value ?? '');
              setChoice(value);
              field.onChange(value === MY_DOMAIN ? lastMyDomain.current : value);
            }}
            error={choice === MY_DOMAIN ? undefined : props.error}
          />
          {choice === MY_DOMAIN && (
            <TextInput
              label="My Domain URL"
              {...requiredLabel}
              placeholder="e.g. https://acme.my.salesforce.com"
              autoComplete="off"
              ref={field.ref}
              name={field.name}
              value={String(field.value ?? '')}
              onChange={(event) => field.onChange(event.currentTarget.value)}
              onBlur={field.onBlur}
              error={props.error}
            />
          )}
        </Stack>
      )}
    />
  );
}
