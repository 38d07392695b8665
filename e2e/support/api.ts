import fs from 'node:fs';
import { sandboxSwaggerPath } from '@keyway/salesforce-sandbox';
import { expect, type Page } from '@playwright/test';
import { env } from './session';
import { uniqueSuffix } from './unique';

/** The console's own API with a signed-in page's cookies, as the SPA calls it (CSRF header, same Origin). */
const writeHeaders = () => ({ 'x-keyway-request': '1', origin: env('E2E_BASE_URL') });

export interface Folder {
  id: string;
  name: string;
  title: string;
}

async function createFolder(page: Page, name: string, title: string): Promise<Folder> {
  const response = await page.request.post('/api/folders', { headers: writeHeaders(), data: { name, title } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { folder: Folder }).folder;
}

/**
 * A folder of the calling test's own, empty: `name` and `title` with a suffix no other run has, so
 * specs run in any order, in parallel and repeated against one console.
 */
export async function createOwnFolder(page: Page, name: string, title: string): Promise<Folder> {
  const suffix = uniqueSuffix();
  return createFolder(page, `${name}-${suffix}`, `${title} ${suffix}`);
}

/** How many folders the console has now. */
export async function folderCount(page: Page): Promise<number> {
  const { folders } = (await (await page.request.get('/api/folders')).json()) as { folders: Folder[] };
  return folders.length;
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

/** A console account, made by the signed-in administrator as the Users page makes it; give it an email of the test's own. */
export async function createAccount(page: Page, account: { email: string; password: string }, role: 'admin' | 'editor' | 'viewer'): Promise<void> {
  const response = await page.request.post('/api/users', { headers: writeHeaders(), data: { ...account, role } });
  expect(response.status()).toBe(201);
}
