import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconAlertTriangle, IconPlugConnected, IconUsers } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { useNavigate, useSearchParams } from 'react-router';
import { secretFieldsOf, showHiddenCharacters, type ConnectionTestResult, type DataSource, type Folder, type GeneratedKeyPair, type SecretField } from '@keyway/shared';
import { DisplayText, DisplayTextWarnings } from '@/components/display-text';
import { focusFirstInvalid, useRefocusWhenDone } from '@/lib/focus';
import { applyFieldErrors, errorMessage } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { paths } from '@/lib/paths';
import { conflictingDataSource, useCreateDataSource, useUpdateDataSource } from '../../api/save-data-source';
import { useTestConnection } from '../../api/test-connection';
import type { ApiDescriptionState } from './swagger-source-fields';
import { MoveToClientCredentialsButton, SOAP_LOGIN_DEPRECATION } from './auth-fields';
import { TestResultPanel } from './test-result-panel';
import { WizardStepConnection } from './wizard-step-connection';
import { WizardStepDetails } from './wizard-step-details';
import {
  apiDescriptionStateOf,
  clientCredentialsFrom,
  connectionKey,
  editConflictReset,
  emptyWizardValues,
  STEP_FIELDS,
  storedCertificateOf,
  storedFieldsFor,
  storedSecretOf,
  storedSecretRefusals,
  storedApiDescriptionOf,
  valuesFromDataSource,
  wizardSchema,
  type WizardValues,
} from './wizard-form';

type Props = { folder: Folder; existing?: DataSource };

/** What the top of the form says after a save was refused because someone else had changed the data source. */
interface EditConflict {
  savedAt: string;
  changed: string[];
  droppedSecrets: string[];
}

const listed = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

function EditConflictAlert({ conflict, alertRef }: { conflict: EditConflict; alertRef: React.Ref<HTMLDivElement> }) {
  const what = conflict.changed.length > 0 ? `; changed: ${conflict.changed.join(', ')}` : '';
  const secrets = conflict.droppedSecrets;
  return (
    <Alert ref={alertRef} tabIndex={-1} role="alert" variant="light" color="orange" icon={<IconUsers />} title="Your changes were not saved">
      <Stack gap={4}>
        <Text size="sm">
          Someone else changed this data source after you opened it (saved {formatDateTime(conflict.savedAt)}
          {what}). The form now shows the current values: make your change again and save.
        </Text>
        {secrets.length > 0 && (
          <Text size="sm">
            The {listed(secrets)} you entered {secrets.length === 1 ? 'was' : 'were'} not kept: enter {secrets.length === 1 ? 'it' : 'them'} again.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

const STEP_TITLES = { 1: 'Basic properties', 2: 'Service settings' } as const;

/** "Create Data Source Configuration": two steps, the step in the URL so reload and Back work. */
export function DataSourceWizard({ folder, existing }: Props) {
  const mode = existing ? 'edit' : 'create';
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  // The data source as the form was opened on it, and its version, which the save names: a refetch
  // meanwhile (another tab, another person) changes none of it, so that a save on old values is
  // refused rather than taken for one on the new. A refused save moves the form to the current one.
  const [base, setBase] = useState(existing);
  const storedSecret = useMemo(() => storedSecretOf(base), [base]);
  const storedDescription = storedApiDescriptionOf(base);

  const initialValues = useMemo(() => (base ? valuesFromDataSource(base) : emptyWizardValues()), [base]);
  const form = useForm<WizardValues>({
    resolver: zodResolver(wizardSchema(mode, storedSecret, storedDescription)),
    defaultValues: initialValues,
    mode: 'onChange',
  });

  const [apiDescription, setApiDescription] = useState<ApiDescriptionState>(() => apiDescriptionStateOf(base));
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const conflictAlert = useRef<HTMLDivElement>(null);
  // Focus goes to the alert each time a save is refused, so that the person sees and hears why the form changed.
  useEffect(() => {
    if (conflict) conflictAlert.current?.focus();
  }, [conflict]);
  const [replacing, setReplacingSet] = useState<ReadonlySet<SecretField>>(() => new Set());
  const setReplacing = useCallback(
    (field: SecretField, on: boolean) =>
      setReplacingSet((current) => {
        const next = new Set(current);
        if (on) next.add(field);
        else next.delete(field);
        return next;
      }),
    [],
  );
  const resetReplacing = useCallback(() => setReplacingSet(new Set()), []);
  // "Generate a key pair for me": the certificate is kept here, the form holds only the pair's id.
  const [generatedKeyPair, setGeneratedKeyPair] = useState<GeneratedKeyPair | null>(null);
  // Set by "Move to OAuth 2.0 client credentials", for the note that says what to do next.
  const [movedFromLogin, setMovedFromLogin] = useState(false);
  const [tested, setTested] = useState<{ result: ConnectionTestResult; key: string } | null>(null);

  const testConnection = useTestConnection();
  const createDataSource = useCreateDataSource();
  const updateDataSource = useUpdateDataSource(base?.id ?? '');
  const save = base ? updateDataSource : createDataSource;

  const [scheme, host, basePath, auth] = useWatch({ control: form.control, name: ['scheme', 'host', 'basePath', 'auth'] });
  const currentKey = connectionKey({ scheme, host, basePath, auth });
  const savedKey = useMemo(() => connectionKey(initialValues), [initialValues]);
  const testIsCurrent = Boolean(tested?.result.ok && tested.key === currentKey);
  // On edit, an unchanged connection needs no new test (a title change is not a connection change).
  const canSave = testIsCurrent || (mode === 'edit' && currentKey === savedKey);

  const secretRefusals = storedSecretRefusals({ scheme, host, auth }, storedSecret);
  const refusalKey = JSON.stringify(secretRefusals);
  // A refusal reported by Test or Save goes when the address is changed back (and follows a new one).
  useEffect(() => {
    for (const { field } of secretFieldsOf(form.getValues('auth'))) {
      if (form.getFieldState(`auth.${field}`).error) void form.trigger(`auth.${field}`);
    }
  }, [refusalKey, form]);

  // A title or description saved before hidden characters were refused fails the schema now: say
  // so at once, under the field, rather than at Next or Save, so it is fixed with the rest kept.
  useEffect(() => {
    if (mode === 'edit') void form.trigger(['title', 'description']);
  }, [mode, form]);

  const requestedStep = searchParams.get('step') === '2' ? 2 : 1;
  const step1Valid = form.getValues('title') !== '' && form.getValues('name') !== '';
  const step = requestedStep === 2 && (step1Valid || mode === 'edit') ? 2 : 1;
  const goTo = (next: 1 | 2) => setSearchParams((params) => ({ ...Object.fromEntries(params), step: String(next) }));

  // A step change (Next, Back, the browser's Back) redraws the form under the focused button: focus
  // goes to the new step's heading, so a screen reader says where the person is and Tab starts there.
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);
  // Set when Save sends the person back to step 1 to fix a field there: that field gets focus instead.
  const fixOnStep = useRef(false);
  // Set when a change of authentication moves to step 2: the first field to type gets focus.
  const focusOnStep = useRef<'auth.clientId' | null>(null);
  const formElement = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    const field = focusOnStep.current;
    if (field) requestAnimationFrame(() => form.setFocus(field));
    else if (fixOnStep.current) focusFirstInvalid(formElement.current);
    else stepHeading.current?.focus();
    fixOnStep.current = false;
    focusOnStep.current = null;
  }, [step, form]);

  // "Move to OAuth 2.0 client credentials": the form's authentication changes; nothing is saved
  // until the person has tested and saved, as for any other change.
  const canMoveToClientCredentials = base?.auth.type === 'salesforce_login' && auth.type === 'salesforce_login';
  const moveToClientCredentials = () => {
    const current = form.getValues('auth');
    if (current.type !== 'salesforce_login') return;
    resetReplacing();
    form.setValue('auth', clientCredentialsFrom(current), { shouldDirty: true });
    setMovedFromLogin(true);
    if (step === 2) requestAnimationFrame(() => form.setFocus('auth.clientId'));
    else {
      focusOnStep.current = 'auth.clientId';
      goTo(2);
    }
  };

  const testButton = useRef<HTMLButtonElement>(null);
  useRefocusWhenDone(testConnection.isPending, testButton);

  async function next() {
    if (await form.trigger([...STEP_FIELDS[1]])) goTo(2);
    else focusFirstInvalid(formElement.current);
  }

  async function runTest() {
    // The whole step, the Swagger file included: a test must not pass values that save refuses.
    const valid = await form.trigger([...STEP_FIELDS[2]]);
    if (!valid) {
      focusFirstInvalid(formElement.current);
      return;
    }
    const values = form.getValues();
    const key = connectionKey(values);
    testConnection.mutate(
      { scheme: values.scheme, host: values.host, basePath: values.basePath, auth: values.auth, dataSourceId: base?.id },
      {
        onSuccess: (result) => setTested({ result, key }),
        onError: (error) => {
          setTested(null);
          applyFieldErrors(error, form.setError);
        },
      },
    );
  }

  // Save checks both steps: an error in step 1 (a stored title with a hidden character) would
  // otherwise be marked on a field that is not on the page, and Save would seem to do nothing.
  const showInvalidStep = (errors: object) => {
    if (step === 2 && STEP_FIELDS[1].some((field) => field in errors)) {
      fixOnStep.current = true;
      goTo(1);
    } else {
      focusFirstInvalid(formElement.current);
    }
  };

  /** The form starts again from the data source as it is now: its values and version, nothing of the refused save. */
  const startOver = (current: DataSource, refused: WizardValues) => {
    if (!base) return;
    const reset = editConflictReset(base, current, refused);
    setBase(current);
    form.reset(reset.values);
    setApiDescription(reset.apiDescription);
    resetReplacing();
    setGeneratedKeyPair(null);
    setMovedFromLogin(false);
    setTested(null);
    testConnection.reset();
    setConflict({ savedAt: current.updatedAt, changed: reset.changed, droppedSecrets: reset.droppedSecrets });
    // As on open: a stored title or description the schema refuses now is said at once.
    void form.trigger(['title', 'description']);
  };

  const send = (values: WizardValues) => {
    const testReceipt = testIsCurrent ? tested?.result.receipt : undefined;
    const onSuccess = (saved: DataSource) => {
      notifications.show({ color: 'green', title: mode === 'create' ? 'Data source created' : 'Changes saved', message: showHiddenCharacters(saved.title) });
      navigate(paths.dataSources(folder.name));
    };
    const onError = (error: unknown) => {
      const current = conflictingDataSource(error);
      if (current) return startOver(current, values);
      if (applyFieldErrors(error, form.setError)) {
        const fields = Object.keys((error as { fieldErrors?: object }).fieldErrors ?? {});
        if (fields.some((f) => (STEP_FIELDS[1] as readonly string[]).includes(f))) {
          fixOnStep.current = true;
          goTo(1);
        }
      }
    };
    if (base) updateDataSource.mutate({ ...values, testReceipt, version: base.version }, { onSuccess, onError });
    else createDataSource.mutate({ ...values, folderId: folder.id, testReceipt: testReceipt ?? '' }, { onSuccess, onError });
  };
  // Built when the form is sent, not while drawing: the invalid handler moves focus (a ref).
  const submit = (event: React.FormEvent<HTMLFormElement>) => form.handleSubmit(send, showInvalidStep)(event);

  const saveLabel = mode === 'create' ? 'Create' : 'Save';
  return (
    <Stack gap="lg" maw={880}>
      <div>
        <Group gap="sm" wrap="wrap">
          <Title order={1} size="h2">
            {base ? (
              <>
                Edit <DisplayText text={base.title} />
              </>
            ) : (
              'Create Data Source Configuration'
            )}
          </Title>
          {base && <DisplayTextWarnings text={base.title} />}
        </Group>
        <Text c="dimmed" size="sm">
          In folder{' '}
          <b>
            <DisplayText text={folder.title} />
          </b>
        </Text>
      </div>

      {conflict && <EditConflictAlert conflict={conflict} alertRef={conflictAlert} />}

      {canMoveToClientCredentials && step === 1 && (
        <Alert role="note" variant="light" color="orange" icon={<IconAlertTriangle />} title="This data source signs in with a deprecated method">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">Salesforce user name and password. {SOAP_LOGIN_DEPRECATION}</Text>
            <MoveToClientCredentialsButton onClick={moveToClientCredentials} />
          </Stack>
        </Alert>
      )}

      <Stepper active={step - 1} onStepClick={(index) => (index === 0 ? goTo(1) : void next())} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={STEP_TITLES[1]} description="Title and service type" />
        <Stepper.Step label={STEP_TITLES[2]} description="API and authentication" />
      </Stepper>

      <FormProvider {...form}>
        <form ref={formElement} noValidate onSubmit={submit}>
          <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }}>
            <Title order={2} size="h4" mb="md" ref={stepHeading} tabIndex={-1}>
              {STEP_TITLES[step]}
            </Title>
            {step === 1 ? (
              <WizardStepDetails nameLocked={mode === 'edit'} />
            ) : (
              <Stack gap="lg">
                <WizardStepConnection
                  apiDescription={apiDescription}
                  onApiDescription={setApiDescription}
                  secret={{
                    stored: storedFieldsFor({ scheme, host, auth }, storedSecret),
                    replacing,
                    setReplacing,
                    resetReplacing,
                    refusals: secretRefusals,
                    certificate: storedCertificateOf(base),
                  }}
                  keyPair={{ generated: generatedKeyPair, onGenerated: setGeneratedKeyPair }}
                  storedDescription={storedDescription}
                  onMoveToClientCredentials={canMoveToClientCredentials ? moveToClientCredentials : undefined}
                  movedFromLogin={movedFromLogin}
                />
                <Group>
                  <Button ref={testButton} variant="light" leftSection={<IconPlugConnected size={18} />} onClick={runTest} loading={testConnection.isPending}>
                    Test Connection
                  </Button>
                  {!canSave && (
                    <Text size="sm" c="dimmed">
                      {saveLabel} is enabled after a successful test of the current values.
                    </Text>
                  )}
                </Group>
                {testConnection.isError && (
                  <Alert color="red" icon={<IconAlertCircle />} role="alert">
                    {errorMessage(testConnection.error)}
                  </Alert>
                )}
                {tested && <TestResultPanel result={tested.result} stale={tested.key !== currentKey} />}
              </Stack>
            )}
          </Paper>

          {save.isError && !conflictingDataSource(save.error) && (
            <Alert color="red" icon={<IconAlertCircle />} mt="md" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}

          <Group justify="space-between" mt="lg">
            <Button variant="default" onClick={() => navigate(paths.dataSources(folder.name))}>
              Cancel
            </Button>
            <Group>
              {step === 2 && (
                <Button variant="default" onClick={() => goTo(1)}>
                  Back
                </Button>
              )}
              {step === 1 ? (
                <Button onClick={next}>Next</Button>
              ) : (
                <Button type="submit" disabled={!canSave} loading={save.isPending}>
                  {saveLabel}
                </Button>
              )}
            </Group>
          </Group>
        </form>
      </FormProvider>
    </Stack>
  );
}
