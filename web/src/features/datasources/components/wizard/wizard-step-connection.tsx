import { requiredLabel } from '@/lib/required-label';
import { Divider, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { Controller, useFormContext } from 'react-hook-form';
import { AuthFields, type StoredSecretState } from './auth-fields';
import type { KeyPairState } from './jwt-key-fields';
import { SwaggerSourceFields, type ApiDescriptionState } from './swagger-source-fields';
import type { StoredApiDescription, WizardValues } from './wizard-form';

/** Step 2: where the API is (from its Swagger file) and how to authenticate. */
export function WizardStepConnection(props: {
  apiDescription: ApiDescriptionState;
  onApiDescription: (state: ApiDescriptionState) => void;
  secret: StoredSecretState;
  keyPair: KeyPairState;
  storedDescription: StoredApiDescription;
  onMoveToClientCredentials?: () => void;
  movedFromLogin?: boolean;
}) {
  const { control, register, formState } = useFormContext<WizardValues>();
  const errors = formState.errors;
  return (
    <Stack gap="lg">
      <Stack gap="sm">
        <Title order={3} size="h5">
          API
        </Title>
        <SwaggerSourceFields state={props.apiDescription} onState={props.onApiDescription} stored={props.storedDescription} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Controller
            control={control}
            name="scheme"
            render={({ field, fieldState }) => (
              <Select
                label="Scheme"
                {...requiredLabel}
                data={['https', 'http']}
                value={field.value}
                allowDeselect={false}
                onChange={(value) => value && field.onChange(value)}
                error={fieldState.error?.message}
              />
            )}
          />
          <TextInput label="Host" {...requiredLabel} placeholder="e.g. acme.my.salesforce.com" {...register('host')} error={errors.host?.message} />
          <TextInput label="Base Path" {...requiredLabel} placeholder="e.g. /services/data" {...register('basePath')} error={errors.basePath?.message} />
        </SimpleGrid>
      </Stack>
      <Divider />
      <Stack gap="sm">
        <Title order={3} size="h5">
          Authentication
        </Title>
        <AuthFields secret={props.secret} keyPair={props.keyPair} onMoveToClientCredentials={props.onMoveToClientCredentials} movedFromLogin={props.movedFromLogin} />
      </Stack>
    </Stack>
  );
}
