import { expect, test } from '@playwright/test';
import { createSandboxDataSource, globalFolderId } from '../support/api';
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

test('the dashboard shows one failing and one healthy data source, and updates by itself when the failing one recovers', async ({ page }) => {
  await signIn(page);
  const folderId = await globalFolderId(page);
  await createSandboxDataSource(page, { title: 'Dashboard Accounts', folderId });
  await createSandboxDataSource(page, { title: 'Dashboard Orders', folderId, consumerKey: env('E2E_ORDERS_KEY'), consumerSecret: env('E2E_ORDERS_SECRET') });
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
  await expect(page.getByRole('button', { name: /^1 Failing$/ })).toBeVisible();
  await screenshot(page, '05-health-failing');

  // The administrator fixes the connected app; the dashboard notices without a reload.
  await sandboxControl('run-as-user', { consumerKey: env('E2E_ORDERS_KEY'), enabled: true });
  await expect(orders).toHaveAttribute('data-state', 'enabled', { timeout: 60_000 });
  await expect(orders).toContainText('Healthy');
  await expect(page.getByRole('button', { name: /^0 Failing$/ })).toBeVisible();

  await orders.getByRole('link', { name: 'Dashboard Orders' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard Orders' })).toBeVisible();
  await expect(page.getByText('State changed').first()).toBeVisible();
  await screenshot(page, '06-health-detail');
});
