import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { HealthSettingsSchema, MIN_CHECK_INTERVAL_SECONDS, showHiddenCharacters, type HealthRow } from '@keyway/shared';
import { checksPaused } from '@/components/health-state';
import { applyFieldErrors, errorMessage } from '@/lib/form-errors';
import { requiredLabel } from '@/lib/required-label';
import { useUpdateHealthSettings, type HealthSettings } from '../api/update-health-settings';
import { formatInterval } from './health-format';

/** The shared rule, with a plain message for an empty field. */
const IntervalFormSchema = z.object({
  intervalSeconds: z.number({ error: 'Enter the interval in seconds' }).pipe(HealthSettingsSchema.shape.intervalSeconds),
});

/** How often the server checks this data source, in seconds. */
export function CheckIntervalForm({ row }: { row: HealthRow }) {
  const save = useUpdateHealthSettings();
  const form = useForm<HealthSettings>({
    resolver: zodResolver(IntervalFormSchema),
    values: { intervalSeconds: row.intervalSeconds },
    resetOptions: { keepDirtyValues: true },
  });

  return (
    <Paper withBorder radius="md" p="md">
      <form
        noValidate
        onSubmit={form.handleSubmit((values) =>
          save.mutate(
            { dataSourceId: row.dataSourceId, ...values },
            {
              onSuccess: (saved) => {
                form.reset({ intervalSeconds: saved.intervalSeconds });
                notifications.show({ color: 'green', title: 'Check interval saved', message: `${showHiddenCharacters(saved.title)}: every ${formatInterval(saved.intervalSeconds)}` });
              },
              onError: (error) => {
                if (!applyFieldErrors(error, form.setError)) form.setError('intervalSeconds', { type: 'server', message: errorMessage(error) });
              },
            },
          ),
        )}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Schedule
          </Title>
          <Controller
            control={form.control}
            name="intervalSeconds"
            render={({ field, fieldState }) => (
              <NumberInput
                label="Check interval (seconds)"
                {...requiredLabel}
                description={
                  typeof field.value === 'number' && field.value >= MIN_CHECK_INTERVAL_SECONDS
                    ? `Checked every ${formatInterval(field.value)}. At least ${MIN_CHECK_INTERVAL_SECONDS} seconds.`
                    : `At least ${MIN_CHECK_INTERVAL_SECONDS} seconds.`
                }
                min={MIN_CHECK_INTERVAL_SECONDS}
                max={86_400}
                step={30}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                name={field.name}
                ref={field.ref}
                value={field.value}
                onBlur={field.onBlur}
                onChange={(v) => field.onChange(typeof v === 'number' ? v : v === '' ? undefined : Number(v))}
                error={fieldState.error?.message}
              />
            )}
          />
          {checksPaused(row.state) && (
            <Text size="xs" c="dimmed">
              Checks are paused; the interval applies once they are resumed.
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.formState.isDirty}>
              Save interval
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
