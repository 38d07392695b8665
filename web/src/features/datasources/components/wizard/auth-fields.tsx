import { requiredLabel } from '@/lib/required-label';
import { Alert, Button, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowRight, IconInfoCircle } from '@tabler/icons-react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import {
  AUTH_TYPES,
  CLIENT_AUTH_METHODS,
  GRANT_TYPES,
  SOAP_LOGIN_LAST_API_VERSION,
  secretFieldsOf,
  type AuthType,
  type Certificate,
  type GrantType,
  type SecretField,
} from '@keyway/shared';
import { SecretInput } from '@/components/secret-input';
import { defaultAuth, defaultOAuth2, type WizardValues } from './wizard-form';
import { ExtraParamsFields } from './extra-params-fields';
import { JwtKeyFields, type KeyPairState } from './jwt-key-fields';
import { SalesforceHelper } from './salesforce-helper';
import { SalesforceUrlField } from './salesforce-url-field';

export interface StoredSecretState {
  /** The secret fields stored for the form's authentication type and grant; none once either differs from the saved one. */
  stored: readonly SecretField[];
  /** The stored secrets the person chose to replace. */
  replacing: ReadonlySet<SecretField>;
  setReplacing: (field: SecretField, replacing: boolean) => void;
  /** Forgets every "Replace": a new authentication type or grant starts afresh. */
  resetReplacing: () => void;
  /** Why a stored secret cannot be used (the host, scheme, token or login URL, or audience changed), by field. */
  refusals: Partial<Record<SecretField, string>>;
  /** The saved JWT data source's certificate, when Keyway generated its key pair. */
  certificate: Certificate | null;
}

/** Salesforce and Flow Service deprecate the SOAP login; said wherever it is chosen or in use. */
export const SOAP_LOGIN_DEPRECATION =
  'Salesforce and Adobe Flow Service deprecate this method; use OAuth 2.0 Client Credentials or JWT Bearer where you can.';

/** "Move to OAuth 2.0 client credentials", its words wrapping in a phone-wide alert rather than running past it. */
export function MoveToClientCredentialsButton({ onClick }: { onClick: () => void }) {
  return (
    <Button
      size="xs"
      variant="white"
      color="orange"
      rightSection={<IconArrowRight size={14} />}
      onClick={onClick}
      maw="100%"
      h="auto"
      py={6}
      styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
    >
      Move to OAuth 2.0 client credentials
    </Button>
  );
}

/** Authentication Type and the fields of the chosen type. */
export function AuthFields({
  secret,
  keyPair,
  onMoveToClientCredentials,
  movedFromLogin = false,
}: {
  secret: StoredSecretState;
  keyPair: KeyPairState;
  /** Offered on a saved SOAP-login data source: switches the form to OAuth 2.0 client credentials. */
  onMoveToClientCredentials?: () => void;
  /** The form was just moved from the SOAP login: says what to type and that nothing changes before Save. */
  movedFromLogin?: boolean;
}) {
  const { control, register, setValue, formState } = useFormContext<WizardValues>();
  const auth = useWatch({ control, name: 'auth' });
  const type = auth.type;
  const grantType = auth.type === 'oauth2' ? auth.grantType : undefined;
  const errors = formState.errors.auth as Record<string, { message?: string } | undefined> | undefined;
  const err = (field: string) => errors?.[field]?.message;

  const secretProps = (field: SecretField) => {
    const spec = secretFieldsOf(auth).find((s) => s.field === field);
    const typed = Boolean((auth as Partial<Record<SecretField, string>>)[field]);
    const configured = secret.stored.includes(field);
    const refused = configured ? (secret.refusals[field] ?? null) : null;
    return {
      label: spec?.label ?? field,
      configured,
      // A typed secret stays in view even if the address changes back and the stored one would do.
      replacing: secret.replacing.has(field) || refused !== null || typed,
      keepRefusal: refused,
      onReplace: () => secret.setReplacing(field, true),
      onKeep: () => {
        secret.setReplacing(field, false);
        setValue(`auth.${field}`, '', { shouldDirty: true });
      },
      // The reason shows before Test or Save is tried; the schema reports the same words after.
      error: err(field) || (refused && !typed ? refused : undefined),
      required: (spec?.required ?? true) ? !configured || refused !== null : refused !== null,
      inputProps: register(`auth.${field}`),
    };
  };

  const chooseType = (value: string | null) => {
    if (!value || value === type) return;
    secret.resetReplacing();
    setValue('auth', defaultAuth(value as AuthType), { shouldDirty: true });
  };

  const chooseGrant = (value: string | null) => {
    if (!value || auth.type !== 'oauth2' || value === auth.grantType) return;
    secret.resetReplacing();
    setValue('auth', defaultOAuth2(value as GrantType, auth), { shouldDirty: true });
  };

  const fillTokenUrl = (url: string) => setValue('auth.tokenUrl', url, { shouldDirty: true, shouldValidate: formState.isSubmitted });

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
            onChange={chooseType}
          />
        )}
      />

      {movedFromLogin && grantType === 'client_credentials' && (
        <Alert role="note" variant="light" color="blue" icon={<IconInfoCircle />} title="Moving to OAuth 2.0 Client Credentials">
          Enter the connected app&apos;s Client Id and Client Secret, test the connection and save. In the connected app, Enable Client Credentials Flow must be selected and a Run As user
          chosen (Manage &gt; Edit Policies). Until you save, the data source keeps signing in with the user name and password.
        </Alert>
      )}

      {type === 'oauth2' && (
        <>
          <Select
            label="Grant Type"
            {...requiredLabel}
            data={GRANT_TYPES.map((g) => ({ value: g.value, label: g.label }))}
            value={grantType}
            allowDeselect={false}
            onChange={chooseGrant}
            description={
              grantType === 'jwt_bearer'
                ? 'Keyway signs each token request with a private key and acts as the user you name. No Client Secret.'
                : 'Keyway acts as the connected app’s Run As user, with the Client Id and Client Secret.'
            }
          />
          <SalesforceHelper jwt={grantType === 'jwt_bearer'} onTokenUrl={fillTokenUrl} />
          <TextInput label="Client Id" {...requiredLabel} autoComplete="off" description="Salesforce: the connected app's Consumer Key." {...register('auth.clientId')} error={err('clientId')} />
        </>
      )}

      {grantType === 'client_credentials' && (
        <>
          <SecretInput {...secretProps('clientSecret')} description="Salesforce: the connected app's Consumer Secret. Stored encrypted; never shown again." />
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
          <ExtraParamsFields />
        </>
      )}

      {grantType === 'jwt_bearer' && (
        <>
          <TextInput
            label="User Name"
            {...requiredLabel}
            autoComplete="off"
            placeholder="e.g. integration@acme.com"
            description="The Salesforce user the token acts as. The user must be pre-authorized for the connected app."
            {...register('auth.username')}
            error={err('username')}
          />
          <SalesforceUrlField
            name="auth.audience"
            label="Audience"
            description="Who the signed request is for: Salesforce's login host for production or sandbox orgs, or the org's My Domain URL."
            error={err('audience')}
          />
          <TextInput
            label="Access Token URL"
            {...requiredLabel}
            placeholder="e.g. https://acme.my.salesforce.com/services/oauth2/token"
            description="Where the signed request is sent: the org's My Domain token URL, or the login host's /services/oauth2/token."
            {...register('auth.tokenUrl')}
            error={err('tokenUrl')}
          />
          <TextInput label="Scope" description="Optional; space-separated. Salesforce uses the connected app's scopes when empty." {...register('auth.scope')} error={err('scope')} />
          <JwtKeyFields secret={secret} keyPair={keyPair} error={err('privateKey')} jwtTokenError={err('jwtToken')} />
        </>
      )}

      {type === 'salesforce_login' && (
        <>
          <Alert role="note" variant="light" color="orange" icon={<IconAlertTriangle />} title="Deprecated">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{SOAP_LOGIN_DEPRECATION}</Text>
              {onMoveToClientCredentials && <MoveToClientCredentialsButton onClick={onMoveToClientCredentials} />}
            </Stack>
          </Alert>
          <SalesforceUrlField
            name="auth.loginUrl"
            label="Login URL"
            description="Where Keyway logs in: Salesforce's login host for production or sandbox orgs, or the org's My Domain URL."
            error={err('loginUrl')}
          />
          <TextInput
            label="API Version"
            {...requiredLabel}
            placeholder={`e.g. ${SOAP_LOGIN_LAST_API_VERSION}`}
            description={`The Salesforce API version to log in with, such as 60.0. Login with a user name and password works up to version ${SOAP_LOGIN_LAST_API_VERSION}.`}
            autoComplete="off"
            {...register('auth.apiVersion')}
            error={err('apiVersion')}
          />
          <TextInput label="User Name" {...requiredLabel} autoComplete="off" placeholder="e.g. integration@acme.com" {...register('auth.username')} error={err('username')} />
          <SecretInput {...secretProps('password')} description="Stored encrypted; never shown again." />
          <SecretInput
            {...secretProps('securityToken')}
            description="Optional. Not needed when the org trusts Keyway's IP range. Reset it under personal Settings > Reset My Security Token. Stored encrypted; never shown again."
          />
        </>
      )}

      {type === 'basic' && (
        <>
          <TextInput label="User Name" {...requiredLabel} autoComplete="off" {...register('auth.username')} error={err('username')} />
          <SecretInput {...secretProps('password')} />
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
          <SecretInput {...secretProps('keyValue')} />
        </>
      )}
    </Stack>
  );
}
