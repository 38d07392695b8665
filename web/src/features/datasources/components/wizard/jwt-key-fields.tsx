import { Alert, Button, Group, Input, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertCircle, IconKey, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { PENDING_KEY_PAIR_HOURS, type GeneratedKeyPair } from '@keyway/shared';
import { errorMessage } from '@/lib/form-errors';
import { requiredLabel } from '@/lib/required-label';
import { useGenerateKeyPair } from '../../api/generate-key-pair';
import { CertificateDetails, UPLOAD_INSTRUCTIONS } from './certificate-details';
import { certificateCommonName } from './jwt-key';
import type { StoredSecretState } from './auth-fields';
import type { WizardValues } from './wizard-form';

type KeySource = 'generate' | 'paste';

/** The key pair generated in this form, kept by the wizard so that it outlives a visit to step 1. */
export interface KeyPairState {
  generated: GeneratedKeyPair | null;
  onGenerated: (pair: GeneratedKeyPair) => void;
}

/**
 * The JWT bearer grant's private key: a stored one (with its certificate, if Keyway generated
 * it) kept or replaced; a key pair generated on the server, whose certificate is offered for
 * download; or a private key pasted in. Whatever is chosen, no private key comes from the server.
 */
export function JwtKeyFields({ secret, keyPair, error, jwtTokenError }: { secret: StoredSecretState; keyPair: KeyPairState; error?: string; jwtTokenError?: string }) {
  const { control, register, setValue, getValues, trigger } = useFormContext<WizardValues>();
  const [privateKey, generatedKeyId, keySource] = useWatch({ control, name: ['auth.privateKey', 'auth.generatedKeyId', 'auth.keySource'] });
  const generate = useGenerateKeyPair();
  const [source, setSource] = useState<KeySource>(() => (privateKey ? 'paste' : 'generate'));

  const stored = secret.stored.includes('privateKey');
  const refusal = stored ? (secret.refusals.privateKey ?? null) : null;
  const given = Boolean(privateKey || generatedKeyId);
  const fileName = getValues('name').trim() || 'keyway';
  const current = keyPair.generated && keyPair.generated.id === generatedKeyId ? keyPair.generated : null;
  const shownError = error || (refusal && !given ? refusal : undefined);

  if (keySource === 'jwt_token') {
    return (
      <SignedJwtField
        stored={secret.stored.includes('jwtToken')}
        error={jwtTokenError || (secret.refusals.jwtToken ?? undefined)}
        onUseKey={() => {
          // From now on Keyway signs each assertion itself, with a key given here.
          setValue('auth.keySource', 'private_key', { shouldDirty: true });
          setValue('auth.jwtToken', '', { shouldDirty: true });
          setValue('auth.privateKey', '', { shouldDirty: true });
          setValue('auth.generatedKeyId', keyPair.generated?.id ?? '', { shouldDirty: true });
          if (jwtTokenError) void trigger('auth.privateKey');
        }}
      />
    );
  }

  if (stored && !secret.replacing.has('privateKey') && !refusal && !given) {
    return (
      <Stack gap="xs">
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            label="Private Key"
            description="Stored encrypted; never shown again."
            value="Configured"
            readOnly
            leftSection={<IconLock size={16} />}
            style={{ flex: 1 }}
          />
          <Button variant="default" onClick={() => secret.setReplacing('privateKey', true)}>
            Replace key
          </Button>
        </Group>
        {secret.certificate ? (
          <CertificateDetails certificate={secret.certificate} fileName={fileName} title="Certificate of the stored key">
            <Text size="sm">{UPLOAD_INSTRUCTIONS}</Text>
          </CertificateDetails>
        ) : (
          <Text size="sm" c="dimmed">
            The stored key was pasted in, so Keyway has no certificate for it: the connected app has the one that belongs to it.
          </Text>
        )}
      </Stack>
    );
  }

  // A field error shown now (a missing key, a refused or expired one) goes as soon as a key is given.
  const revalidate = () => {
    if (shownError) void trigger('auth.privateKey');
  };

  const choose = (next: KeySource) => {
    setSource(next);
    // Only one key is sent: the other choice's value goes (a generated pair stays at hand to choose again).
    if (next === 'paste') setValue('auth.generatedKeyId', '', { shouldDirty: true });
    else {
      setValue('auth.privateKey', '', { shouldDirty: true });
      setValue('auth.generatedKeyId', keyPair.generated?.id ?? '', { shouldDirty: true });
    }
    revalidate();
  };

  const runGenerate = () =>
    generate.mutate(certificateCommonName(getValues('title')), {
      onSuccess: (pair) => {
        keyPair.onGenerated(pair);
        setValue('auth.generatedKeyId', pair.id, { shouldDirty: true });
        revalidate();
      },
    });

  const keep = () => {
    secret.setReplacing('privateKey', false);
    setValue('auth.privateKey', '', { shouldDirty: true });
    setValue('auth.generatedKeyId', '', { shouldDirty: true });
    revalidate();
  };

  const keyError = shownError && <Input.Error role="alert">{shownError}</Input.Error>;

  return (
    <Stack gap="sm">
      <Radio.Group label="Private Key" {...requiredLabel} value={source} onChange={(value) => choose(value as KeySource)}>
        <Stack gap={6} mt={6}>
          <Radio
            value="generate"
            // Where Test Connection and Save send focus when no key is given (they look for aria-invalid).
            aria-invalid={source === 'generate' && Boolean(shownError)}
            label="Generate a key pair for me"
            description="Keyway makes the key pair and a certificate on its server and keeps the private key there, encrypted. You download only the certificate."
          />
          <Radio value="paste" label="Paste a private key" description="An RSA private key in PEM form (PKCS#8 or PKCS#1) whose certificate is uploaded to the connected app." />
        </Stack>
      </Radio.Group>

      {source === 'generate' && current && (
        <>
          <CertificateDetails certificate={current.certificate} fileName={fileName} title="Certificate to upload to Salesforce">
            <Text size="sm">{UPLOAD_INSTRUCTIONS}</Text>
            <Text size="sm" c="dimmed">
              Keyway keeps this key pair for this form for {PENDING_KEY_PAIR_HOURS} hours. Test the connection and save the data source to keep it; the certificate then shows on the data source.
            </Text>
          </CertificateDetails>
          {keyError}
          <div>
            <Button variant="subtle" size="compact-sm" loading={generate.isPending} onClick={runGenerate}>
              Generate a new key pair instead
            </Button>
          </div>
        </>
      )}

      {source === 'generate' && !current && (
        <Stack gap={6} align="flex-start">
          <Button variant="light" leftSection={<IconKey size={16} />} loading={generate.isPending} onClick={runGenerate}>
            Generate a key pair for me
          </Button>
          {keyError}
        </Stack>
      )}

      {source === 'generate' && generate.isError && (
        <Alert color="red" icon={<IconAlertCircle />} role="alert">
          {errorMessage(generate.error)}
        </Alert>
      )}

      {source === 'paste' && (
        <Textarea
          label="Private Key (PEM)"
          {...requiredLabel}
          description="Stored encrypted; never shown again."
          placeholder={'-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----'}
          autosize
          minRows={4}
          maxRows={12}
          // A key typed here goes to Keyway's server and nowhere else: no spelling service, no form filler.
          spellCheck={false}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          data-1p-ignore
          data-lpignore="true"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
          {...register('auth.privateKey')}
          error={shownError}
        />
      )}

      {stored && !refusal && (
        <div>
          <Button variant="subtle" size="compact-sm" onClick={keep}>
            Keep the stored key
          </Button>
        </div>
      )}
    </Stack>
  );
}

/**
 * A data source made through the API with Flow Service's jwtToken: a signed JWT, sent as it is until
 * it expires. The wizard keeps it or moves to a private key; it does not take a new one.
 */
function SignedJwtField({ stored, error, onUseKey }: { stored: boolean; error?: string; onUseKey: () => void }) {
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <TextInput
        label="Signed JWT"
        description="Set through the API (Flow Service's jwtToken): Salesforce accepts it only until it expires, minutes after it was signed. With a private key, Keyway signs a fresh one for every token request."
        value={stored ? 'Configured' : 'Not set'}
        readOnly
        leftSection={<IconLock size={16} />}
        style={{ flex: 1 }}
        error={error}
      />
      <Button variant="default" onClick={onUseKey}>
        Use a private key
      </Button>
    </Group>
  );
}
