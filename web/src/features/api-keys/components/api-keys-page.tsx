import { AdministrationHeader } from '@/components/administration-header';
import { Button, Code, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { modals, ModalsProvider } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ApiKey } from '@keyway/shared';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { SkeletonRows } from '@/components/skeleton-rows';
import { errorMessage } from '@/lib/form-errors';
import { useApiKeys } from '../api/get-api-keys';
import { useRevokeApiKey } from '../api/revoke-api-key';
import { ApiKeyList } from './api-key-list';
import { CreateApiKeyModal } from './create-api-key-modal';

/** Administration > API keys: the keys programs use for /api/v1, made and revoked by administrators. */
export function ApiKeysPage() {
  const apiKeys = useApiKeys();
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const [createOpened, createModal] = useDisclosure(false);
  const revoke = useRevokeApiKey();

  const confirmRevoke = (apiKey: ApiKey) =>
    modals.openConfirmModal({
      title: `Revoke ${apiKey.name}?`,
      children: (
        <Text size="sm">
          Programs using the key that starts <Code>{apiKey.prefix}</Code> are refused from their next request. A revoked key never works again; create a new one if a
          program still needs access.
        </Text>
      ),
      labels: { confirm: 'Revoke key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        revoke.mutate(apiKey.id, {
          onSuccess: (revoked) => notifications.show({ color: 'green', title: 'API key revoked', message: `${revoked.name} (${revoked.prefix}) no longer works.` }),
          onError: (error) => notifications.show({ color: 'red', title: 'Could not revoke the key', message: errorMessage(error) }),
        }),
    });

  let body: ReactNode;
  if (apiKeys.isError) {
    body = <ErrorState title="API keys could not be loaded" error={apiKeys.error} onRetry={() => apiKeys.refetch()} />;
  } else if (apiKeys.isPending) {
    body = <SkeletonRows count={3} height={44} />;
  } else if (apiKeys.data.length === 0) {
    body = (
      <EmptyState
        icon={<IconKey size={30} />}
        order={2}
        title="No API keys yet"
        action={
          <Button variant="light" leftSection={<IconPlus size={18} />} onClick={createModal.open} mt="xs">
            Create API key
          </Button>
        }
      >
        A key lets a program use the connections API with the role you give it. The key is shown once, when it is made.
      </EmptyState>
    );
  } else {
    body = <ApiKeyList apiKeys={apiKeys.data} narrow={narrow} onRevoke={confirmRevoke} revoking={revoke.isPending ? revoke.variables : undefined} />;
  }

  return (
    <Stack gap="lg" maw={1100}>
      <AdministrationHeader
        title="API keys"
        description={
          <>
            Programs send a key as <Code>Authorization: Bearer</Code> to <Code>/api/v1</Code>. Each key acts with its role, like a person would, until it expires or is revoked.
          </>
        }
        action={
          <Button leftSection={<IconPlus size={18} />} onClick={createModal.open}>
            Create API key
          </Button>
        }
      />
      <Paper withBorder radius="md" p="md">
        {body}
      </Paper>
      <CreateApiKeyModal opened={createOpened} onClose={createModal.close} />
      {/* Shows the confirmations asked for with modals.openConfirmModal, here rather than for the whole console: the dialog code loads with the pages that ask. */}
      <ModalsProvider />
    </Stack>
  );
}
