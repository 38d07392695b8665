import fs from 'node:fs';
import { sandboxSwaggerPath } from '@keyway/salesforce-sandbox';
import { expect, test } from '@playwright/test';
import { recordResponses } from '../support/leak-recorder';
import { screenshot } from '../support/screenshot';
import { env } from '../support/session';
import { uniqueSuffix } from '../support/unique';

test('attack: no secret or token reaches the browser or the log while an administrator creates, tests, edits and deletes a Salesforce data source', async ({ page }) => {
  const responses = recordResponses(page);
  const sandboxPort = env('E2E_SANDBOX_PORT');
  const consumerKey = env('E2E_CONSUMER_KEY');
  const consumerSecret = env('E2E_CONSUMER_SECRET');
  const suffix = uniqueSuffix();

  await test.step('sign in', async () => {
    await page.goto('/');
    await page.getByLabel('Email', { exact: true }).fill(env('E2E_ADMIN_EMAIL'));
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('The email or password is not correct.');
    await page.getByLabel('Password', { exact: true }).fill(env('E2E_ADMIN_PASSWORD'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  await test.step('navigate Tools > Cloud Services > Data Sources and make a folder', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data Sources' }).click();
    await page.getByRole('button', { name: 'New folder' }).click();
    // A folder of this run's own, so what other specs (or earlier runs) leave in the console does not matter.
    await page.getByLabel('Title', { exact: true }).fill(`Sales Team ${suffix}`);
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(`sales-team-${suffix}`);
    await page.getByRole('button', { name: 'Create folder' }).click();
    await expect(page.getByRole('heading', { name: `Sales Team ${suffix}` })).toBeVisible();
    await expect(page.getByText('No data sources in this folder yet')).toBeVisible();
  });

  await test.step('wizard step 1', async () => {
    await page.getByRole('button', { name: 'Create' }).first().click();
    await expect(page.getByRole('heading', { name: 'Create Data Source Configuration' })).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Title is required')).toBeVisible();
    await page.getByLabel('Title', { exact: true }).fill('Salesforce Accounts');
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('salesforce-accounts');
    await expect(page.getByRole('combobox', { name: 'Service Type' })).toHaveValue('RESTful Service');
    await screenshot(page, '01-step1');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/step=2/);
  });

  await test.step('upload the Swagger file and see Scheme, Host and Base Path fill', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Swagger File' }).click();
    await (await chooser).setFiles(sandboxSwaggerPath);
    await expect(page.getByLabel('API description summary')).toContainText('Salesforce REST API (Keyway sandbox)');
    await expect(page.getByLabel('API description summary')).toContainText('3 operations');
    await expect(page.getByRole('combobox', { name: 'Scheme' })).toHaveValue('http');
    await expect(page.getByLabel('Host', { exact: true })).toHaveValue('127.0.0.1:4010');
    await expect(page.getByLabel('Base Path', { exact: true })).toHaveValue('/services/data');
    // The sandbox runs on a free port for this test; the filled fields stay editable.
    await page.getByLabel('Host', { exact: true }).fill(`127.0.0.1:${sandboxPort}`);
  });

  await test.step('OAuth 2.0 client credentials with a wrong secret: the provider\'s error and a hint', async () => {
    await expect(page.getByRole('combobox', { name: 'Authentication Type' })).toHaveValue('OAuth 2.0');
    await expect(page.getByRole('combobox', { name: 'Grant Type' })).toHaveValue('Client Credentials');
    await page.getByLabel('Client Id', { exact: true }).fill(consumerKey);
    await page.getByLabel('Client Secret', { exact: true }).fill('definitely-not-the-secret');
    await page.getByLabel('Access Token URL', { exact: true }).fill(`http://127.0.0.1:${sandboxPort}/services/oauth2/token`);
    await expect(page.getByRole('button', { name: 'Create', exact: true })).toBeDisabled();
    await page.getByRole('button', { name: 'Test Connection' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Connection failed' });
    await expect(failure).toContainText('invalid_client');
    await expect(failure).toContainText('invalid client credentials');
    await expect(failure).toContainText('HTTP 400');
    await expect(failure).toContainText('Consumer Secret');
    await expect(page.getByRole('button', { name: 'Create', exact: true })).toBeDisabled();
    await screenshot(page, '02-test-failed');
  });

  await test.step('the right secret: Connection successful, then Create', async () => {
    await page.getByLabel('Client Secret', { exact: true }).fill(consumerSecret);
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect(page.getByText('Connection successful')).toBeVisible();
    const details = page.getByRole('table', { name: 'Token details' });
    await expect(details).toContainText('Bearer');
    await expect(details).toContainText(`http://127.0.0.1:${sandboxPort}`);
    await expect(page.getByRole('table', { name: 'Test steps' })).toContainText('200');
    await screenshot(page, '03-test-ok');

    // Changing a tested value disables Create until the next test.
    await page.getByLabel('Scope', { exact: true }).fill('api');
    await expect(page.getByRole('button', { name: 'Create', exact: true })).toBeDisabled();
    await page.getByLabel('Scope', { exact: true }).fill('');
    await expect(page.getByRole('button', { name: 'Create', exact: true })).toBeEnabled();

    await page.getByRole('button', { name: 'Create', exact: true }).click();
    // Back on the list, focus is on its heading, not dropped to <body>.
    await expect(page.getByRole('heading', { name: 'Data Sources', level: 1 })).toBeFocused();
    const row = page.getByRole('table', { name: 'Data sources' }).getByRole('row', { name: /Salesforce Accounts/ });
    await expect(row).toContainText('RESTful Service');
    await expect(row).toContainText('OAuth 2.0');
    // The dashboard's state (the first scheduled check may still be running), and the test just made as secondary detail.
    await expect(row).toContainText(/Healthy|Not checked yet/);
    await expect(row).toContainText('Tested just now');
    await screenshot(page, '04-list');
  });

  await test.step('edit: the secret shows as configured and is kept when left alone', async () => {
    await page.getByRole('link', { name: 'Salesforce Accounts' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Salesforce Accounts (EU)');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Client Secret', { exact: true })).toHaveValue('Configured');
    // A stored secret is never sent to a new token URL: the field asks for it again.
    await page.getByLabel('Access Token URL', { exact: true }).fill(`http://localhost:${sandboxPort}/services/oauth2/token`);
    await expect(page.getByText('Type the Client Secret again')).toBeVisible();
    await page.getByLabel('Access Token URL', { exact: true }).fill(`http://127.0.0.1:${sandboxPort}/services/oauth2/token`);
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect(page.getByText('Connection successful')).toBeVisible();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('table', { name: 'Data sources' })).toContainText('Salesforce Accounts (EU)');
  });

  await test.step('delete asks for confirmation', async () => {
    await page.getByRole('button', { name: 'Actions for Salesforce Accounts (EU)' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('cannot be undone');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('No data sources in this folder yet')).toBeVisible();
  });

  await test.step('neither the secret nor any access token reached the browser or the log', async () => {
    const state = (await (await fetch(`${env('E2E_SANDBOX_URL')}/__sandbox/state`)).json()) as { issuedTokens: string[] };
    // The create test, the edit test, and the health checks that saving started.
    expect(state.issuedTokens.length).toBeGreaterThanOrEqual(2);
    // Every response's headers, and every body there is; a body that could not be read fails here.
    const { responses: scanned, headersOnly } = await responses.all();
    test.info().annotations.push({ type: 'leak scan', description: `${scanned.length} responses scanned, ${headersOnly} of them by headers only` });
    console.log(`leak scan: ${scanned.length} responses scanned, ${headersOnly} of them by headers only (no body by nature)`);
    expect(scanned.length).toBeGreaterThan(10);
    expect(scanned.some((r) => r.url.endsWith('.js') && !r.headersOnly)).toBe(true);
    const log = fs.readFileSync(env('E2E_CONSOLE_LOG'), 'utf8');
    for (const needle of [consumerSecret, ...state.issuedTokens]) {
      for (const response of scanned) expect(response.text, `leak in ${response.url}`).not.toContain(needle);
      expect(log).not.toContain(needle);
    }
  });
});
