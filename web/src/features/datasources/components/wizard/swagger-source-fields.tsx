import { requiredLabel } from '@/lib/required-label';
import { Alert, Badge, Button, FileInput, Group, List, Loader, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconFileCode, IconFileOff, IconFileUpload, IconLink } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  API_DESCRIPTION_MAX_BYTES,
  descriptionTooLargeMessage,
  formatByteSize,
  showHiddenCharacters,
  type ApiDescriptionProblem,
  type ApiDescriptionSummary,
} from '@keyway/shared';
import { errorMessage } from '@/lib/form-errors';
import { useFetchSwagger } from '../../api/fetch-swagger';
import { getConsoleConfigQueryOptions, useConsoleConfig } from '../../api/get-console-config';
import { NO_API_DESCRIPTION } from '../no-api-description';
import { readDescriptionOffThePage } from './read-description';
import type { StoredApiDescription, WizardValues } from './wizard-form';

export interface ApiDescriptionState {
  summary?: Pick<ApiDescriptionSummary, 'title' | 'version' | 'operationCount' | 'format'> & { warnings: string[] };
  problem?: ApiDescriptionProblem;
  /** A chosen file is being read (in a worker: the page goes on answering). */
  reading?: boolean;
}

const FORMAT_LABELS: Record<string, string> = { 'swagger-2.0': 'Swagger 2.0', 'openapi-3.0': 'OpenAPI 3.0', 'openapi-3.1': 'OpenAPI 3.1' };

/** Swagger Source, the file or URL, and what was read from it; fills Scheme, Host and Base Path. */
export function SwaggerSourceFields(props: {
  state: ApiDescriptionState;
  onState: (state: ApiDescriptionState) => void;
  /** Editing: what is stored. A stored description is kept unless another is chosen; 'none' may stay so. */
  stored: StoredApiDescription;
}) {
  const { state, onState, stored } = props;
  const hasStored = stored === 'description';
  const { control, setValue, formState, register, clearErrors } = useFormContext<WizardValues>();
  const source = useWatch({ control, name: 'swagger.source' });
  const fileName = useWatch({ control, name: 'swagger.fileName' });
  const url = useWatch({ control, name: 'swagger.url' });
  const fetchSwagger = useFetchSwagger();
  const errors = formState.errors.swagger;
  const queryClient = useQueryClient();
  // Asked for as soon as the step shows, so that the limit is known when a file is chosen.
  const maxBytes = useConsoleConfig().data?.swaggerMaxBytes;
  const sourceLabelId = useId();
  // Counts files chosen, so that only the last one's reading is shown.
  const readCount = useRef(0);

  /** The server's SWAGGER_MAX_BYTES; the default if it cannot be had (the server checks again on save). */
  async function sizeLimit(): Promise<number> {
    try {
      return (await queryClient.ensureQueryData(getConsoleConfigQueryOptions())).swaggerMaxBytes;
    } catch {
      return API_DESCRIPTION_MAX_BYTES;
    }
  }

  function apply(document: string, summary: ApiDescriptionSummary) {
    setValue('swagger.document', document, { shouldDirty: true });
    if (summary.scheme) setValue('scheme', summary.scheme, { shouldDirty: true });
    if (summary.host) setValue('host', summary.host, { shouldDirty: true });
    setValue('basePath', summary.basePath, { shouldDirty: true });
    clearErrors(['swagger', 'scheme', 'host', 'basePath']);
    onState({ summary });
  }

  async function onFile(file: File | null) {
    const reading = ++readCount.current;
    setValue('swagger.fileName', file?.name ?? '', { shouldDirty: true });
    setValue('swagger.document', '', { shouldDirty: true });
    if (!file) return onState({});
    const limit = await sizeLimit();
    // Refused before a byte is read: a large file would hold the page while it is parsed.
    if (file.size > limit) return onState({ problem: { message: descriptionTooLargeMessage(file.size, limit) } });
    const text = await file.text();
    if (reading !== readCount.current) return;
    onState({ reading: true });
    const result = await readDescriptionOffThePage(text, file.name, limit);
    // Another file chosen (or the source changed) while this one was read: its answer is not wanted.
    if (reading !== readCount.current) return;
    if (result.ok) apply(text, result.summary);
    else onState({ problem: result.problem });
  }

  function onFetch() {
    fetchSwagger.mutate(url, {
      onSuccess: (result) => ('problem' in result ? onState({ problem: result.problem }) : apply(result.document, result.summary)),
      onError: (error) => onState({ problem: { message: errorMessage(error) } }),
    });
  }

  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500} mb={4} id={sourceLabelId}>
          Swagger Source
        </Text>
        <SegmentedControl
          aria-labelledby={sourceLabelId}
          value={source}
          onChange={(value) => {
            readCount.current++;
            setValue('swagger.source', value as 'file' | 'url' | 'none', { shouldDirty: true });
            if (value === 'none') {
              // Back to none: nothing chosen before is sent, and nothing is asked for.
              setValue('swagger.fileName', '', { shouldDirty: true });
              setValue('swagger.document', '', { shouldDirty: true });
              clearErrors(['swagger']);
            }
            onState({});
          }}
          data={[
            // Only a data source made through the API without a description has "None" to go back to.
            ...(stored === 'none' ? [{ value: 'none', label: 'None' }] : []),
            { value: 'file', label: 'File' },
            { value: 'url', label: 'URL' },
          ]}
        />
      </div>

      {source === 'none' ? (
        <Paper withBorder p="sm" radius="md" bg="gray.0" aria-label="API description summary">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconFileOff size={22} style={{ flexShrink: 0, marginTop: 2 }} />
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} size="sm">
                {NO_API_DESCRIPTION}
              </Text>
              <Text size="sm" c="dimmed">
                It can be saved without one. To add a Swagger or OpenAPI description, choose File or URL.
              </Text>
            </Stack>
          </Group>
        </Paper>
      ) : source === 'file' ? (
        <FileInput
          label="Swagger File"
          {...(hasStored ? {} : requiredLabel)}
          description={
            hasStored
              ? 'The stored description is kept unless you choose another file.'
              : `A Swagger 2.0 or OpenAPI 3.0/3.1 description, as .json, .yaml or .yml${maxBytes ? `, up to ${formatByteSize(maxBytes)}` : ''}.`
          }
          placeholder={fileName ? showHiddenCharacters(fileName) : 'Choose a file'}
          accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
          leftSection={<IconFileUpload size={16} />}
          onChange={(file) => void onFile(file)}
          clearable
          clearButtonProps={{ 'aria-label': 'Remove the Swagger file' }}
          error={errors?.document?.message}
        />
      ) : (
        <Group align="flex-start" gap="xs" wrap="nowrap">
          <TextInput
            label="Swagger URL"
            {...requiredLabel}
            placeholder="e.g. https://api.example.com/openapi.json"
            leftSection={<IconLink size={16} />}
            style={{ flex: 1 }}
            {...register('swagger.url')}
            error={errors?.url?.message ?? errors?.document?.message}
          />
          <Button variant="default" mt={25} onClick={onFetch} loading={fetchSwagger.isPending} disabled={!url}>
            Fetch
          </Button>
        </Group>
      )}

      {state.problem && (
        <Alert color="red" icon={<IconAlertTriangle />} title="This file cannot be used" role="alert">
          <Text size="sm">{state.problem.message}</Text>
          {(state.problem.line || state.problem.path) && (
            <Text size="sm" c="dimmed" mt={4}>
              {state.problem.line ? `Line ${state.problem.line}${state.problem.column ? `, column ${state.problem.column}` : ''}` : ''}
              {state.problem.line && state.problem.path ? ' · ' : ''}
              {state.problem.path ? `at ${state.problem.path}` : ''}
            </Text>
          )}
        </Alert>
      )}

      {state.reading && (
        <Group gap="xs" role="status" aria-live="polite">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Reading the file…
          </Text>
        </Group>
      )}

      {state.summary && (
        <Paper withBorder p="sm" radius="md" bg="gray.0" aria-label="API description summary">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconFileCode size={22} style={{ flexShrink: 0, marginTop: 2 }} />
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} size="sm" truncate c={state.summary.title ? undefined : 'dimmed'}>
                {state.summary.title ? showHiddenCharacters(state.summary.title) : 'Untitled API'}
              </Text>
              <Group gap={6}>
                <Badge variant="light" size="sm">
                  {FORMAT_LABELS[state.summary.format] ?? state.summary.format}
                </Badge>
                {state.summary.version && (
                  <Badge variant="light" color="gray" size="sm">
                    Version {state.summary.version}
                  </Badge>
                )}
                <Badge variant="light" color="gray" size="sm">
                  {state.summary.operationCount} {state.summary.operationCount === 1 ? 'operation' : 'operations'}
                </Badge>
              </Group>
              {state.summary.warnings.length > 0 && (
                <List size="xs" c="orange.9" mt={4}>
                  {state.summary.warnings.map((warning) => (
                    <List.Item key={warning}>{warning}</List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
