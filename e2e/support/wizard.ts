import { sandboxSwaggerPath } from '@keyway/salesforce-sandbox';
import { expect, type Page } from '@playwright/test';
import { env } from './session';

/**
 * On the wizard's second step: the sandbox's Swagger file, its host on this run's port, and its
 * demo app's client id with the given secret, as a person types them.
 */
export async function fillSandboxConnection(page: Page, clientSecret: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Swagger File' }).click();
  await (await chooser).setFiles(sandboxSwaggerPath);
  await expect(page.getByLabel('API description summary')).toContainText('3 operations');
  const port = env('E2E_SANDBOX_PORT');
  await page.getByLabel('Host', { exact: true }).fill(`127.0.0.1:${port}`);
  await page.getByLabel('Client Id', { exact: true }).fill(env('E2E_CONSUMER_KEY'));
  await page.getByLabel('Client Secret', { exact: true }).fill(clientSecret);
  await page.getByLabel('Access Token URL', { exact: true }).fill(`http://127.0.0.1:${port}/services/oauth2/token`);
}
