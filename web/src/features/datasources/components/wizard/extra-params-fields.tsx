import { ActionIcon, Button, Fieldset, Group, Input, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useFieldArray, useFormContext, type FieldError } from 'react-hook-form';
import { requiredLabel } from '@/lib/required-label';
import type { WizardValues } from './wizard-form';

/** The most extra parameters the schema takes (ExtraTokenParametersSchema). */
const MAX_EXTRA_PARAMS = 20;

type ParamErrors = { name?: FieldError; value?: FieldError } | undefined;

/**
 * Client credentials' extra token parameters: non-secret name/value pairs sent with the token
 * request, for providers that need one (Auth0's audience, Azure's resource). The schema refuses
 * the names the request sets itself and a name listed twice; its words show under the name.
 */
export function ExtraParamsFields() {
  const { control, register, formState } = useFormContext<WizardValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'auth.extraParams' });
  const listErrors = (formState.errors.auth as { extraParams?: ParamErrors[] & { message?: string; root?: FieldError } } | undefined)?.extraParams;
  const listMessage = listErrors?.root?.message ?? listErrors?.message;

  return (
    <Fieldset
      legend="Extra token parameters"
      variant="unstyled"
      aria-describedby="extra-params-help"
      // The legend and its help as every other field's label and description look.
      styles={{ root: { padding: 0, margin: 0 }, legend: { padding: 0, fontWeight: 'var(--mantine-font-weight-medium)', fontSize: 'var(--mantine-font-size-sm)' } }}
    >
      <Text size="xs" c="dimmed" id="extra-params-help" mb="sm">
        Optional. Name and value pairs sent with the token request, for providers that ask for one, such as Auth0&apos;s audience or Azure&apos;s resource. They are not secret: they are stored and
        shown as typed. Salesforce needs none.
      </Text>
      <Stack gap="md">
        {fields.map((item, index) => {
          const errors = listErrors?.[index];
          const number = index + 1;
          return (
            <Group key={item.id} align="flex-start" gap="xs" wrap="nowrap" role="group" aria-label={`Parameter ${number}`}>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing={6} style={{ flex: 1, minWidth: 0 }}>
                <TextInput
                  label={`Parameter ${number} name`}
                  {...requiredLabel}
                  placeholder="e.g. audience"
                  autoComplete="off"
                  {...register(`auth.extraParams.${index}.name`)}
                  error={errors?.name?.message}
                />
                <TextInput
                  label={`Parameter ${number} value`}
                  placeholder="e.g. https://api.example.com"
                  autoComplete="off"
                  {...register(`auth.extraParams.${index}.value`)}
                  error={errors?.value?.message}
                />
              </SimpleGrid>
              <ActionIcon variant="subtle" color="gray" size="lg" mt={25} aria-label={`Remove parameter ${number}`} onClick={() => remove(index)}>
                <IconTrash size={18} />
              </ActionIcon>
            </Group>
          );
        })}
        {listMessage && <Input.Error>{listMessage}</Input.Error>}
        <div>
          <Button variant="default" size="compact-sm" leftSection={<IconPlus size={14} />} disabled={fields.length >= MAX_EXTRA_PARAMS} onClick={() => append({ name: '', value: '' })}>
            Add parameter
          </Button>
        </div>
      </Stack>
    </Fieldset>
  );
}
