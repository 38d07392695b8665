import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y';
import { createOwnFolder, createSandboxDataSource } from '../support/api';
import { env, signIn } from '../support/session';
import { uniqueSuffix } from '../support/unique';

/**
 * The "done when": an Administrator, an Editor and a Viewer each see in the console exactly
 * what their role allows. The server refuses the rest regardless (server/src/http/authorization.test.ts);
 * this checks what each person is shown.
 */

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: env('E2E_BASE_URL'), viewport: { width: 1366, height: 900 } });
  return context.newPage();
}

async function addUser(admin: Page, account: { email: string; password: string }, role: 'Editor' | 'Viewer') {
  await admin.getByRole('button', { name: 'Add user' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Email').fill(account.email);
  await dialog.getByRole('radio', { name: role }).check();
  await dialog.getByLabel('First password', { exact: true }).fill(account.password);
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(dialog).toBeHidden();
  await expect(admin.getByRole('row', { name: new RegExp(account.email) })).toContainText(role);
}

const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test('an Administrator, an Editor and a Viewer each see exactly what their role allows', async ({ page: admin, browser }) => {
  test.setTimeout(180_000);
  // Accounts of this run's own: emails are unique in a console, and earlier runs' stay.
  const suffix = uniqueSuffix();
  const EDITOR = { email: `e2e-editor-${suffix}@example.test`, password: 'editor password for e2e' };
  const VIEWER = { email: `e2e-viewer-${suffix}@example.test`, password: 'viewer password for e2e' };
  await signIn(admin);
  const folder = await createOwnFolder(admin, 'roles-check', 'Roles Check');
  const dataSource = await createSandboxDataSource(admin, { title: 'Roles Accounts', folderId: folder.id });

  // The Administrator: Administration > Users, where the other two get their accounts.
  await expect(navigation(admin).getByRole('link', { name: 'Audit log' })).toBeVisible();
  await navigation(admin).getByRole('link', { name: 'Users' }).click();
  await expect(admin.getByRole('heading', { name: 'Users' })).toBeVisible();
  await addUser(admin, EDITOR, 'Editor');
  await addUser(admin, VIEWER, 'Viewer');
  await admin.getByRole('button', { name: `Actions for ${env('E2E_ADMIN_EMAIL')}` }).click();
  await expect(admin.getByRole('menuitem', { name: 'Change role' })).toBeDisabled();
  await expect(admin.getByRole('menuitem', { name: 'Disable' })).toBeDisabled();
  await admin.keyboard.press('Escape');

  // The Viewer: lists and dashboards, nothing that changes or tests anything.
  const viewer = await newPage(browser);
  await signIn(viewer, VIEWER);
  await expect(viewer.getByRole('button', { name: `${VIEWER.email}, Viewer, account menu` })).toBeVisible();
  await expect(navigation(viewer).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(navigation(viewer).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await viewer.goto(`/tools/cloud-services/data-sources?folder=${folder.name}`);
  await expect(viewer.getByRole('link', { name: 'Roles Accounts' })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'New folder' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Actions for Roles Accounts' })).toHaveCount(0);
  await viewer.getByRole('link', { name: 'Roles Accounts' }).click();
  await expect(viewer).toHaveURL(new RegExp(`/health/${dataSource.id}$`));
  await expect(viewer.getByRole('heading', { name: 'Roles Accounts' })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Run check now' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await expect(viewer.getByRole('link', { name: 'Edit data source' })).toHaveCount(0);
  await expect(viewer.getByText('Check interval')).toHaveCount(0);
  for (const path of ['/admin/users', '/admin/audit-log', `/tools/cloud-services/data-sources/${folder.name}/create`]) {
    await viewer.goto(path);
    await expect(viewer.getByRole('heading', { name: 'Your role cannot open this page', level: 1 })).toBeVisible();
  }
  await expectAccessible(viewer, 'role-refused');

  // The Editor: folders, data sources, tests and checks; no users, no audit log.
  const editor = await newPage(browser);
  await signIn(editor, EDITOR);
  await expect(navigation(editor).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await editor.goto(`/tools/cloud-services/data-sources?folder=${folder.name}`);
  await expect(editor.getByRole('button', { name: 'Create' })).toBeVisible();
  await expect(editor.getByRole('button', { name: 'New folder' })).toBeVisible();
  await editor.getByRole('button', { name: 'Actions for Roles Accounts' }).click();
  await expect(editor.getByRole('menuitem', { name: 'Edit' })).toBeVisible();
  await expect(editor.getByRole('menuitem', { name: 'Test Connection' })).toBeVisible();
  await expect(editor.getByRole('menuitem', { name: 'Delete' })).toBeVisible();
  await editor.keyboard.press('Escape');
  await editor.goto(`/health/${dataSource.id}`);
  await expect(editor.getByRole('button', { name: 'Run check now' })).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Pause' })).toBeVisible();
  await editor.goto('/admin/audit-log');
  await expect(editor.getByRole('heading', { name: 'Your role cannot open this page' })).toBeVisible();

  // Anyone changes their own password from the account menu, and stays signed in.
  await editor.getByRole('button', { name: `${EDITOR.email}, Editor, account menu` }).click();
  await editor.getByRole('menuitem', { name: 'Change password' }).click();
  const passwordDialog = editor.getByRole('dialog', { name: 'Change password' });
  await passwordDialog.getByLabel('Current password', { exact: true }).fill('not my password');
  await passwordDialog.getByLabel('New password', { exact: true }).fill('editor password, changed');
  await passwordDialog.getByRole('button', { name: 'Change password' }).click();
  await expect(passwordDialog.getByText('The current password is not correct')).toBeVisible();
  await passwordDialog.getByLabel('Current password', { exact: true }).fill(EDITOR.password);
  await passwordDialog.getByRole('button', { name: 'Change password' }).click();
  await expect(passwordDialog).toBeHidden();
  await expect(editor.getByText('Your other sessions were signed out.')).toBeVisible();
  await editor.goto('/health');
  await expect(editor.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // A role change ends the Viewer's session at once; the sign-in page says so.
  await admin.getByRole('button', { name: `Actions for ${VIEWER.email}` }).click();
  await admin.getByRole('menuitem', { name: 'Change role' }).click();
  const roleDialog = admin.getByRole('dialog', { name: `Change role of ${VIEWER.email}` });
  await roleDialog.getByRole('radio', { name: 'Editor' }).check();
  await roleDialog.getByRole('button', { name: 'Change role' }).click();
  await expect(admin.getByRole('row', { name: new RegExp(VIEWER.email) })).toContainText('Editor');
  await viewer.goto('/tools/cloud-services/data-sources');
  await expect(viewer.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(viewer.getByRole('status')).toContainText('Your session has ended. Sign in again.');

  // The audit log has it, filterable, and the export carries the same entries.
  await navigation(admin).getByRole('link', { name: 'Audit log' }).click();
  await admin.getByRole('combobox', { name: 'Action' }).fill('Changed role');
  await admin.getByRole('option', { name: 'Changed role' }).click();
  await expect(admin).toHaveURL(/action=user\.role_change/);
  // Only role changes are listed (the header row aside), this one among any that earlier runs made.
  await expect(admin.getByRole('row').filter({ hasNotText: 'Changed role' })).toHaveCount(1);
  const row = admin.getByRole('row').filter({ hasText: VIEWER.email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Changed role');
  await expect(row).toContainText('Viewer → Editor');
  await expect(row).toContainText(env('E2E_ADMIN_EMAIL'));
  const download = admin.waitForEvent('download');
  await admin.getByRole('link', { name: 'Export CSV' }).click();
  const csv = await (await download).path();
  const text = (await import('node:fs')).readFileSync(csv, 'utf8');
  expect(text).toContain(`"Changed role","success","user","${VIEWER.email}"`);
  expect(text).not.toContain('Signed in');

  // Sign out returns to the sign-in page, and the old cookie no longer opens anything. The Editor
  // signs out, not the Administrator: signing out ends every session of the account, and specs
  // running beside this one are signed in as that Administrator.
  expect((await editor.request.get('/api/folders')).status()).toBe(200);
  await editor.getByRole('button', { name: 'Sign out' }).click();
  await expect(editor.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect((await editor.request.get('/api/folders')).status()).toBe(401);
});
