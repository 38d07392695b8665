import { expect, test, type Browser, type Page } from '@playwright/test';
import { createAccount, createOwnFolder, createSandboxDataSource } from '../support/api';
import { screenshot } from '../support/screenshot';
import { env, signIn } from '../support/session';
import { uniqueSuffix } from '../support/unique';

/**
 * Issue 11: two administrators edit one data source. The second save is refused, says so, and
 * shows the values the first one saved; made again on them, it saves, and neither change is lost.
 */

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: env('E2E_BASE_URL'), viewport: { width: 1366, height: 900 } });
  return context.newPage();
}

test('two administrators editing one data source: the second save is told it changed and sees the new values, not silently overwritten', async ({ page: first, browser }) => {
  const suffix = uniqueSuffix();
  const SECOND = { email: `e2e-second-admin-${suffix}@example.test`, password: 'second administrator password' };
  const title = `Conflict Accounts ${suffix}`;
  const renamed = `Renamed by the first ${suffix}`;
  const description = 'Owned by the sales operations team';

  await signIn(first);
  await createAccount(first, SECOND, 'admin');
  const folder = await createOwnFolder(first, 'edit-conflict', 'Edit Conflict');
  const { id } = await createSandboxDataSource(first, { title, folderId: folder.id });
  const editPage = `/tools/cloud-services/data-sources/${folder.name}/${id}/edit`;
  const second = await newPage(browser);
  await signIn(second, SECOND);

  await test.step('both open the edit page of the same data source', async () => {
    for (const page of [first, second]) {
      await page.goto(editPage);
      await expect(page.getByRole('heading', { name: `Edit ${title}`, level: 1 })).toBeVisible();
    }
  });

  await test.step('the first saves a new title', async () => {
    await first.getByLabel('Title', { exact: true }).fill(renamed);
    await first.getByRole('button', { name: 'Next' }).click();
    // The connection is unchanged: no new test is needed to save a title.
    await first.getByRole('button', { name: 'Save' }).click();
    await expect(first.getByRole('table', { name: 'Data sources' })).toContainText(renamed);
  });

  await test.step('the second changes the description and saves: refused, with the first one\'s values in the form', async () => {
    await second.getByLabel('Description', { exact: true }).fill(description);
    await second.getByRole('button', { name: 'Next' }).click();
    await second.getByRole('button', { name: 'Save' }).click();
    const alert = second.getByRole('alert').filter({ hasText: 'Someone else changed this data source after you opened it' });
    await expect(alert).toContainText('changed: Title');
    await expect(alert).toContainText('The form now shows the current values: make your change again and save.');
    await expect(alert).toBeFocused();
    await expect(second).toHaveURL(/\/edit/);
    await expect(second.getByRole('heading', { name: `Edit ${renamed}`, level: 1 })).toBeVisible();
    // The stored secret is still there, shown as configured, as when the page is opened.
    await expect(second.getByLabel('Client Secret', { exact: true })).toHaveValue('Configured');
    await screenshot(second, 'edit-conflict');
    await second.getByRole('button', { name: 'Back' }).click();
    await expect(second.getByLabel('Title', { exact: true })).toHaveValue(renamed);
    await expect(second.getByLabel('Description', { exact: true })).toHaveValue('');
  });

  await test.step('the second makes the change again and saves; the list shows both changes', async () => {
    await second.getByLabel('Description', { exact: true }).fill(description);
    await second.getByRole('button', { name: 'Next' }).click();
    await second.getByRole('button', { name: 'Save' }).click();
    const table = second.getByRole('table', { name: 'Data sources' });
    await expect(table).toContainText(renamed);
    await expect(table).toContainText(description);
    await first.reload();
    await expect(first.getByRole('table', { name: 'Data sources' })).toContainText(description);
    await expect(first.getByRole('table', { name: 'Data sources' })).toContainText(renamed);
  });

  await second.context().close();
});
