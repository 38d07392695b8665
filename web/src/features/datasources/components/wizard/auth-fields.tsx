import { requiredLabel } from '@/lib/required-label';
import { Radio, Select, Stack, TextInput } from '@mantine/core';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { AUTH_TYPES, CLIENT_AUTH_METHODS, SECRET_FIELD_BY_AUTH_TYPE, type AuthType } from '@keyway/shared';
import { SecretInput } from '@/components/secret-input';
import { defaultAuth, type WizardValues } from './wizard-form';
import { SalesforceHelper } from './salesforce-helper';

export interface StoredSecretState {
  /** The saved data source's authentication type, when a secret is stored for it. */
  storedFor: AuthType | null;
  replacing: boolean;
  setReplacing: (replacing: boolean) => void;
  /** Why the stored secret cannot be used (the host, scheme or token URL changed), or null. */
  refusal: string | null;
}

/** Authentication Type and the fields of the chosen type. */
export function AuthFields({ secret }: { secret: StoredSecretState }) {
  const { control, register, setValue, formState } = useFormContext<WizardValues>();
  const auth = useWatch({ control, name: 'auth' });
  const type = auth.type;
  const errors = formState.errors.auth as Record<string, { message?: string } | undefined> | undefined;
  const err = (field: string) => errors?.[field]?.message;

  const secretField = SECRET_FIELD_BY_AUTH_TYPE[type];
  const typedSecret = secretField ? (auth as Record<string, unknown>)[secretField] : undefined;
  const configured = secretField !== null && secret.storedFor === type;
  const refused = configured ? secret.refusal : null;
  const secretProps = (label: string) => ({
    label,
    configured,
    // A typed secret stays in view even if the address changes back and the stored one would do.
    replacing: secret.replacing || refused !== null || Boolean(typedSecret),
    keepRefusal: refused,
    onReplace: () => secret.setReplacing(true),
    onKeep: () => {
      secret.setReplacing(false);
      if (secretField) setValue(`auth.${secretField}` as 'auth', '' as never, { shouldDirty: true });
    },
    // The reason shows before Test or Save is tried; the schema reports the same words after.
    error: (secretField && err(secretField)) || (refused && !typedSecret ? refused : undefined),
    required: !configured || refused !== null,
    inputProps: secretField ? register(`auth.${secretField}` as 'auth.type') : {},
  });

  return (
    <Stack gap="md">
      <Controller
        control={control}
        name="auth.type"
        render={({ field }) => (
          <Select
            label="Authentication Type"
            {...requiredLabel}
            data={AUTH_TYPES.map((t) => ({ value: t.value, label: t.label }))}
            value={field.value}
            allowDeselect={false}
            onChange={(value) => {
              if (!value || value === field.value) return;
              secret.setReplacing(false);
              setValue('auth', defaultAuth(value as AuthType), { shouldDirty: true });
            }}
          />
        )}
      />

      {type === 'oauth2' && (
        <>
          <Controller
            control={control}
            name="auth.grantType"
            render={({ field }) => (
              <Select
                label="Grant Type"
                {...requiredLabel}
                data={[{ value: 'client_credentials', label: 'Client Credentials' }]}
                value={field.value}
                allowDeselect={false}
                onChange={(value) => value && field.onChange(value)}
              />
            )}
          />
          <SalesforceHelper onTokenUrl={(url) => setValue('auth.tokenUrl', url, { shouldDirty: true, shouldValidate: formState.isSubmitted })} />
          <TextInput label="Client Id" {...requiredLabel} autoComplete="off" description="Salesforce: the connected app's Consumer Key." {...register('auth.clientId')} error={err('clientId')} />
          <SecretInput {...secretProps('Client Secret')} description="Salesforce: the connected app's Consumer Secret. Stored encrypted; never shown again." />
          <TextInput
            label="Access Token URL"
            {...requiredLabel}
            placeholder="e.g. https://acme.my.salesforce.com/services/oauth2/token"
            {...register('auth.tokenUrl')}
            error={err('tokenUrl')}
          />
          <TextInput label="Scope" description="Optional; space-separated. Salesforce uses the connected app's scopes when empty." {...register('auth.scope')} error={err('scope')} />
          <Controller
            control={control}
            name="auth.clientAuthMethod"
            render={({ field }) => (
              <Radio.Group label="Client Authentication" value={field.value} onChange={field.onChange}>
                <Stack gap={6} mt={6}>
                  {CLIENT_AUTH_METHODS.map((method) => (
                    <Radio
                      key={method.value}
                      value={method.value}
                      label={method.label}
                      description={
                        method.value === 'client_secret_post'
                          ? 'client_id and client_secret in the form body. Salesforce accepts this.'
                          : 'Authorization: Basic, each part form-encoded first (RFC 6749 §2.3.1).'
                      }
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )}
          />
        </>
      )}

      {type === 'basic' && (
        <>
          <TextInput label="User Name" {...requiredLabel} autoComplete="off" {...register('auth.username')} error={err('username')} />
          <SecretInput {...secretProps('Password')} />
        </>
      )}

      {type === 'api_key' && (
        <>
          <Controller
            control={control}
            name="auth.placement"
            render={({ field }) => (
              <Select
                label="Send the key as"
                data={[
                  { value: 'header', label: 'Request header' },
                  { value: 'query', label: 'Query parameter' },
                ]}
                value={field.value}
                allowDeselect={false}
                onChange={(value) => value && field.onChange(value)}
              />
            )}
          />
          <TextInput label="Key Name" {...requiredLabel} placeholder="e.g. X-API-Key" {...register('auth.keyName')} error={err('keyName')} />
          <SecretInput {...secretProps('Key Value')} />
        </>
      )}
    </Stack>
  );
}
