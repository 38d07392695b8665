import { requiredLabel } from '@/lib/required-label';
import { Select, Stack, Textarea, TextInput } from '@mantine/core';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { nameFromTitle, SERVICE_TYPES } from '@keyway/shared';
import { mixedScriptsNote } from '@/components/display-text';
import type { WizardValues } from './wizard-form';

const serviceTypeOptions = SERVICE_TYPES.map((t) => ({
  value: t.value,
  label: t.available ? t.label : `${t.label} (not available yet)`,
  disabled: !t.available,
}));

/** Step 1: Title, Name (follows the title until edited), Description, Service Type. */
export function WizardStepDetails({ nameLocked }: { nameLocked: boolean }) {
  const { register, control, setValue, formState, getFieldState } = useFormContext<WizardValues>();
  const errors = formState.errors;
  // The name follows the title until the administrator types a name of their own (or, on edit, never).
  const titleField = register('title', {
    onChange: (event: { target: { value: string } }) => {
      if (!nameLocked && !getFieldState('name').isDirty) {
        setValue('name', nameFromTitle(event.target.value), { shouldValidate: formState.isSubmitted });
      }
    },
  });
  const title = useWatch({ control, name: 'title' });
  return (
    <Stack gap="md">
      <TextInput
        label="Title"
        {...requiredLabel}
        placeholder="e.g. Salesforce Accounts"
        // Not an error: a title may mix scripts for good reason, but a pasted look-alike is worth a second look.
        description={mixedScriptsNote(title)}
        {...titleField}
        error={errors.title?.message}
      />
      <TextInput
        label="Name"
        {...requiredLabel}
        description="Unique in this folder and used in URLs: lowercase letters, digits and hyphens. Filled from the title."
        {...register('name')}
        error={errors.name?.message}
      />
      <Textarea label="Description" autosize minRows={2} maxRows={6} {...register('description')} error={errors.description?.message} />
      <Controller
        control={control}
        name="serviceType"
        render={({ field, fieldState }) => (
          <Select
            label="Service Type"
            {...requiredLabel}
            data={serviceTypeOptions}
            value={field.value}
            onChange={(value) => value && field.onChange(value)}
            allowDeselect={false}
            error={fieldState.error?.message}
          />
        )}
      />
    </Stack>
  );
}
