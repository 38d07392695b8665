import { randomUUID } from 'node:crypto';
import { secretAssociatedData } from '../../server/src/crypto/secret-aad';
import type { SecretBox } from '../../server/src/crypto/secret-box';
import type { Db } from '../../server/src/db/database';
import { dataSourceRow } from '../../server/src/test-support/data-source-row';

interface Sandbox {
  url: string;
  port: number;
  demoApp: { consumerKey: string; consumerSecret: string };
}

/**
 * `count` data sources spread over the folders, all calling the sandbox's demo connected app with
 * client credentials, their secrets sealed as the console seals them and a health row each, as a
 * console that has run for a while has them: written straight to the database, quickly.
 */
export async function seedSandboxDataSources(db: Db, secretBox: SecretBox, sandbox: Sandbox, options: { count: number; intervalSeconds: number; folderIds: string[] }) {
  const now = new Date().toISOString();
  const hostPort = `127.0.0.1:${sandbox.port}`;
  for (let i = 0; i < options.count; i++) {
    const id = randomUUID();
    await db
      .insertInto('data_sources')
      .values(
        dataSourceRow({
          id,
          folder_id: options.folderIds[i % options.folderIds.length]!,
          name: `ds-${i}`,
          title: `Data source ${String(i).padStart(4, '0')}`,
          scheme: 'http',
          host: hostPort,
          base_path: '/services/data',
          auth_config: JSON.stringify({
            grantType: 'client_credentials',
            clientId: sandbox.demoApp.consumerKey,
            tokenUrl: `${sandbox.url}/services/oauth2/token`,
            scope: '',
            clientAuthMethod: 'client_secret_post',
          }),
        }),
      )
      .execute();
    const sealed = secretBox.seal(sandbox.demoApp.consumerSecret, secretAssociatedData(id, 'clientSecret'));
    await db
      .insertInto('secrets')
      .values({ owner_id: id, name: 'clientSecret', key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext, version: 1, updated_at: now })
      .execute();
    await db
      .insertInto('data_source_health')
      .values({ data_source_id: id, state: 'initializing', state_reason: 'Not checked yet', state_changed_at: now, interval_seconds: options.intervalSeconds, consecutive_failures: 0 })
      .execute();
  }
}
