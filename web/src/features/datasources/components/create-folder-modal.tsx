import { requiredLabel } from '@/lib/required-label';
import { zodResolver } from '@hookform/resolvers/zod';
import { Modal, Stack, TextInput } from '@mantine/core';
import { useForm, useWatch } from 'react-hook-form';
import { FolderCreateSchema, nameFromTitle, type Folder, type FolderCreateInput } from '@keyway/shared';
import { applyFieldErrors } from '@/lib/form-errors';
import { mixedScriptsNote } from '@/components/display-text';
import { ModalActions } from '@/components/modal-actions';
import { useCreateFolder } from '../api/create-folder';

export function CreateFolderModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (folder: Folder) => void }) {
  const createFolder = useCreateFolder();
  const form = useForm<FolderCreateInput>({ resolver: zodResolver(FolderCreateSchema), defaultValues: { title: '', name: '' } });
  const titleField = form.register('title', {
    onChange: (event: { target: { value: string } }) => {
      if (!form.getFieldState('name').isDirty) form.setValue('name', nameFromTitle(event.target.value), { shouldValidate: form.formState.isSubmitted });
    },
  });

  const title = useWatch({ control: form.control, name: 'title' });

  const close = () => {
    form.reset();
    createFolder.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="New configuration folder">
      <form
        noValidate
        onSubmit={form.handleSubmit((values) =>
          createFolder.mutate(values, {
            onSuccess: (folder) => {
              close();
              onCreated(folder);
            },
            onError: (error) => applyFieldErrors(error, form.setError),
          }),
        )}
      >
        <Stack gap="sm">
          <TextInput
            label="Title"
            {...requiredLabel}
            data-autofocus
            placeholder="e.g. Sales team"
            description={mixedScriptsNote(title)}
            {...titleField}
            error={form.formState.errors.title?.message}
          />
          <TextInput
            label="Name"
            {...requiredLabel}
            description="Used in URLs; filled from the title."
            {...form.register('name')}
            error={form.formState.errors.name?.message}
          />
          <ModalActions
            error={createFolder.error}
            showError={!Object.keys(form.formState.errors).length}
            onCancel={close}
            submitLabel="Create folder"
            pending={createFolder.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
