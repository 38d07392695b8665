import fs from 'node:fs';
import { sandboxSwaggerPath } from '@keyway/salesforce-sandbox';
import { expect, test, type Page } from '@playwright/test';
import { env, signIn } from '../support/session';

const sandbox = () => env('E2E_SANDBOX_URL');

async function sandboxControl(path: string, body: unknown) {
  const response = await fetch(`${sandbox()}/__sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(204);
}

/** Through the console's own API, as the wizard does: test, then create with the receipt. */
async function createDataSource(page: Page, title: string, consumerKey: string, consumerSecret: string) {
  const baseURL = env('E2E_BASE_URL');
  const headers = { 'x-keyway-request': '1', origin: baseURL };
  const folders = (await (await page.request.get('/api/folders')).json()) as { folders: Array<{ id: string; name: string }> };
  const connection = {
    scheme: 'http',
    host: `127.0.0.1:${env('E2E_SANDBOX_PORT')}`,
    basePath: '/services/data',
    auth: { type: 'oauth2', grantType: 'client_credentials', clientId: consumerKey, clientSecret: consumerSecret, tokenUrl: `${sandbox()}/services/oauth2/token`, scope: '', clientAuthMethod: 'client_secret_post' },
  };
  const tested = await page.request.post('/api/datasources/test', { headers, data: connection });
  const { result } = (await tested.json()) as { result: { ok: boolean; receipt: string } };
  expect(result.ok).toBe(true);
  const created = await page.request.post('/api/datasources', {
    headers,
    data: {
      title,
      name: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      description: '',
      serviceType: 'restful',
      swagger: { source: 'file', url: '', fileName: 'salesforce-sandbox.swagger.yaml', document: fs.readFileSync(sandboxSwaggerPath, 'utf8') },
      ...connection,
      folderId: folders.folders.find((f) => f.name === 'global')!.id,
      testReceipt: result.receipt,
    },
  });
  expect(created.status()).toBe(201);
}

test('the dashboard shows one failing and one healthy data source, and updates by itself when the failing one recovers', async ({ page }) => {
  await signIn(page);
  await createDataSource(page, 'Dashboard Accounts', env('E2E_CONSUMER_KEY'), env('E2E_CONSUMER_SECRET'));
  await createDataSource(page, 'Dashboard Orders', env('E2E_ORDERS_KEY'), env('E2E_ORDERS_SECRET'));
  // The Orders app loses its Run As user and the org ends all sessions: the cached token is
  // refused (401), and getting a new one fails with invalid_grant. Accounts gets a new token.
  await sandboxControl('run-as-user', { consumerKey: env('E2E_ORDERS_KEY'), enabled: false });
  await sandboxControl('revoke-all', {});

  await page.getByRole('link', { name: 'Health' }).click();
  await expect(page.getByRole('heading', { name: 'Health', level: 1 })).toBeVisible();
  const accounts = page.getByRole('article', { name: 'Dashboard Accounts' });
  const orders = page.getByRole('article', { name: 'Dashboard Orders' });
  await expect(accounts).toHaveAttribute('data-state', 'enabled', { timeout: 30_000 });
  await expect(accounts).toContainText('Healthy');
  await expect(orders).toHaveAttribute('data-state', 'failing', { timeout: 30_000 });
  await expect(orders).toContainText('Failing');
  await expect(orders).toContainText('invalid_grant');
  await expect(orders).toContainText('Run As user');
  await expect(page.getByRole('button', { name: /^Failing: 1$/ })).toBeVisible();
  fs.mkdirSync(new URL('../.artifacts/screens/', import.meta.url).pathname, { recursive: true });
  await page.screenshot({ path: new URL('../.artifacts/screens/05-health-failing.png', import.meta.url).pathname, fullPage: true });

  // The administrator fixes the connected app; the dashboard notices without a reload.
  await sandboxControl('run-as-user', { consumerKey: env('E2E_ORDERS_KEY'), enabled: true });
  await expect(orders).toHaveAttribute('data-state', 'enabled', { timeout: 60_000 });
  await expect(orders).toContainText('Healthy');
  await expect(page.getByRole('button', { name: /^Failing: 0$/ })).toBeVisible();

  await orders.getByRole('link', { name: 'Dashboard Orders' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard Orders' })).toBeVisible();
  await expect(page.getByText('State changed').first()).toBeVisible();
  await page.screenshot({ path: new URL('../.artifacts/screens/06-health-detail.png', import.meta.url).pathname, fullPage: true });
});
