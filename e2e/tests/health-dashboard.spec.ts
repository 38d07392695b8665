import { expect, test } from '@playwright/test';
import { createOwnFolder, createSandboxDataSource } from '../support/api';
import { openHealthOfFolder } from '../support/health';
import { screenshot } from '../support/screenshot';
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

/** This worker slot's Orders app (see global-setup.ts): no test running beside this one switches it off. */
function ordersApp(): { consumerKey: string; consumerSecret: string } {
  const apps = JSON.parse(env('E2E_ORDERS_APPS')) as Array<{ consumerKey: string; consumerSecret: string }>;
  const app = apps[test.info().parallelIndex];
  if (!app) throw new Error(`No Orders app for worker slot ${test.info().parallelIndex}; global setup made ${apps.length}`);
  return app;
}

test('the dashboard shows one failing and one healthy data source, and updates by itself when the failing one recovers', async ({ page }) => {
  const orders = ordersApp();
  await signIn(page);
  // A folder of this test's own: the dashboard, filtered to it, counts only these two.
  const folder = await createOwnFolder(page, 'dashboard', 'Dashboard');
  await createSandboxDataSource(page, { title: 'Dashboard Accounts', folderId: folder.id });
  await createSandboxDataSource(page, { title: 'Dashboard Orders', folderId: folder.id, ...orders });
  // The Orders app loses its Run As user and the org ends all sessions: the cached token is
  // refused (401), and getting a new one fails with invalid_grant. Accounts gets a new token.
  await sandboxControl('run-as-user', { consumerKey: orders.consumerKey, enabled: false });
  await sandboxControl('revoke-all', {});

  await openHealthOfFolder(page, folder);
  const accounts = page.getByRole('article', { name: 'Dashboard Accounts' });
  const ordersTile = page.getByRole('article', { name: 'Dashboard Orders' });
  await expect(accounts).toHaveAttribute('data-state', 'enabled', { timeout: 30_000 });
  await expect(accounts).toContainText('Healthy');
  await expect(ordersTile).toHaveAttribute('data-state', 'failing', { timeout: 30_000 });
  await expect(ordersTile).toContainText('Failing');
  await expect(ordersTile).toContainText('invalid_grant');
  await expect(ordersTile).toContainText('Run As user');
  await expect(page.getByRole('button', { name: /^1 Failing$/ })).toBeVisible();
  await screenshot(page, '05-health-failing');

  // The administrator fixes the connected app; the dashboard notices without a reload.
  await sandboxControl('run-as-user', { consumerKey: orders.consumerKey, enabled: true });
  await expect(ordersTile).toHaveAttribute('data-state', 'enabled', { timeout: 60_000 });
  await expect(ordersTile).toContainText('Healthy');
  await expect(page.getByRole('button', { name: /^0 Failing$/ })).toBeVisible();

  await ordersTile.getByRole('link', { name: 'Dashboard Orders' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard Orders' })).toBeVisible();
  await expect(page.getByText('State changed').first()).toBeVisible();
  await screenshot(page, '06-health-detail');
});
