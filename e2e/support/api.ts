import fs from 'node:fs';
import { sandboxSwaggerPath } from '@keyway/salesforce-sandbox';
import { expect, type Page } from '@playwright/test';
import { env } from './session';

/** The console's own API with a signed-in page's cookies, as the SPA calls it (CSRF header, same Origin). */
const writeHeaders = () => ({ 'x-keyway-request': '1', origin: env('E2E_BASE_URL') });

/** The id of the folder every console has. */
export async function globalFolderId(page: Page): Promise<string> {
  const { folders } = (await (await page.request.get('/api/folders')).json()) as { folders: Array<{ id: string; name: string }> };
  return folders.find((f) => f.name === 'global')!.id;
}

export async function createFolder(page: Page, name: string, title: string): Promise<{ id: string; name: string }> {
  const response = await page.request.post('/api/folders', { headers: writeHeaders(), data: { name, title } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { folder: { id: string; name: string } }).folder;
}

/**
 * A working data source against the sandbox, made the way the wizard makes it: test, then create
 * with the receipt. The sandbox's demo app unless another app's credentials are given.
 */
export async function createSandboxDataSource(
  page: Page,
  input: { title: string; folderId: string; consumerKey?: string; consumerSecret?: string },
): Promise<{ id: string }> {
  const sandbox = env('E2E_SANDBOX_URL');
  const connection = {
    scheme: 'http',
    host: `127.0.0.1:${env('E2E_SANDBOX_PORT')}`,
    basePath: '/services/data',
    auth: {
      type: 'oauth2',
      grantType: 'client_credentials',
      clientId: input.consumerKey ?? env('E2E_CONSUMER_KEY'),
      clientSecret: input.consumerSecret ?? env('E2E_CONSUMER_SECRET'),
      tokenUrl: `${sandbox}/services/oauth2/token`,
      scope: '',
      clientAuthMethod: 'client_secret_post',
    },
  };
  const tested = await page.request.post('/api/datasources/test', { headers: writeHeaders(), data: connection });
  const { result } = (await tested.json()) as { result: { ok: boolean; receipt: string } };
  expect(result.ok).toBe(true);
  const created = await page.request.post('/api/datasources', {
    headers: writeHeaders(),
    data: {
      title: input.title,
      name: input.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      description: '',
      serviceType: 'restful',
      swagger: { source: 'file', url: '', fileName: 'salesforce-sandbox.swagger.yaml', document: fs.readFileSync(sandboxSwaggerPath, 'utf8') },
      ...connection,
      folderId: input.folderId,
      testReceipt: result.receipt,
    },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { dataSource: { id: string } }).dataSource;
}
