import { expect, request, test } from '@playwright/test';
import { createOwnFolder } from '../support/api';
import { env, signIn } from '../support/session';
import { uniqueSuffix } from '../support/unique';

const SALESFORCE_SPEC_ID = 'cfc0fee1-7dc0-40ef-b73e-d8b134c436f5';

/**
 * One model, two faces: an administrator makes an API key in the console, a program uses it on
 * /api/v1 to make a Salesforce connection as Flow Service's clients do, the connection is a data
 * source in the console like any other, and once the key is revoked the program is refused.
 */
test('an API key made in the console creates a connection through /api/v1, shown in Data Sources, and is refused once revoked', async ({ page }) => {
  await signIn(page);
  const folder = await createOwnFolder(page, 'api-keys', 'API Keys');
  const keyName = `e2e program ${uniqueSuffix()}`;

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('heading', { name: 'API keys', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Create API key' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel('Name').fill(keyName);
  await dialog.getByRole('radio', { name: 'Editor' }).check();
  await dialog.getByRole('button', { name: 'Create API key' }).click();

  const shown = page.getByRole('dialog', { name: 'Your new API key' });
  await expect(shown.getByText('it is shown only this once')).toBeVisible();
  const key = (await shown.getByTestId('new-api-key').textContent())?.trim() ?? '';
  expect(key).toMatch(/^kw_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();
  // Listed by its prefix; the key itself is nowhere on the page any more.
  const prefix = key.slice(0, 11);
  await expect(page.getByText(prefix).first()).toBeVisible();
  expect(await page.content()).not.toContain(key);

  // A program: no cookie, only the key.
  const program = await request.newContext({ baseURL: env('E2E_BASE_URL'), extraHTTPHeaders: { authorization: `Bearer ${key}`, 'x-sandbox-name': folder.name } });
  const created = await program.post('/api/v1/connections', {
    data: {
      name: 'Made by a program',
      auth: {
        specName: 'OAuth2 Client Credential',
        params: { environmentUrl: env('E2E_SANDBOX_URL'), clientId: env('E2E_CONSUMER_KEY'), clientSecret: env('E2E_CONSUMER_SECRET'), apiVersion: '60.0' },
      },
      connectionSpec: { id: SALESFORCE_SPEC_ID, version: '1.0' },
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await expect
    .poll(async () => ((await (await program.get(`/api/v1/connections/${id}`)).json()) as { items: { state: string }[] }).items[0]?.state, { timeout: 15_000 })
    .toBe('enabled');

  await page.goto(`/tools/cloud-services/data-sources?folder=${folder.name}`);
  const row = page.getByRole('row', { name: /Made by a program/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Healthy');

  // Revoked in the console: the program's next request is refused.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('button', { name: `Revoke ${keyName} (${prefix})` }).click();
  await page.getByRole('dialog', { name: `Revoke ${keyName}?` }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByText(`${keyName} (${prefix}) no longer works.`)).toBeVisible();
  const refused = await program.get(`/api/v1/connections/${id}`);
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toContain('application/problem+json');
  await program.dispose();
});
