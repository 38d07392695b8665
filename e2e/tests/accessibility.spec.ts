/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y';
import { createOwnFolder, createSandboxDataSource, folderCount, type Folder } from '../support/api';
import { startConsole } from '../support/console';
import { openHealthOfFolder } from '../support/health';
import { env, signIn } from '../support/session';
import { uniqueSuffix } from '../support/unique';
import { fillSandboxConnection } from '../support/wizard';

/**
 * WCAG 2.2 AA (axe-core's wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa rules) on every screen a
 * person meets, each at 1366 and at 390 px wide, in the states that draw something different:
 * empty and full, with field errors, with a failed and a successful test, and every dialog. Each
 * check also leaves a screenshot per width in .artifacts/screens/a11y-*.png for a person to look at.
 */

const openAccountMenu = (page: Page) => page.getByRole('banner').getByRole('button', { name: new RegExp(env('E2E_ADMIN_EMAIL')) }).click();
const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** A dialog a menu item opens, checked once the menu has gone, then closed with Escape. */
async function checkDialogFromMenu(page: Page, openMenu: () => Promise<void>, item: string, screen: string) {
  await openMenu();
  await page.getByRole('menuitem', { name: item }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expectAccessible(page, screen);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
}

test('first-run setup, and a console with no data yet', async ({ browser }) => {
  test.setTimeout(120_000);
  // A console of this test's own with no administrator: the first visit asks for one.
  const fresh = await startConsole({ ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined });
  const context = await browser.newContext({ baseURL: fresh.url });
  const page = await context.newPage();
  try {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Create administrator', level: 1 })).toBeVisible();
    await expect(page).toHaveTitle('Create administrator · Keyway');
    await expectAccessible(page, 'setup');
    await page.getByRole('button', { name: /Create administrator/ }).click();
    await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page, 'setup-errors');

    await page.getByLabel('Email', { exact: true }).fill('first-admin@example.test');
    await page.getByLabel('Password', { exact: true }).fill('a long first password');
    await page.getByRole('button', { name: /Create administrator/ }).click();
    await expect(page.getByRole('heading', { name: 'Health', level: 1 })).toBeVisible();
    await expectAccessible(page, 'health-empty');

    await navigation(page).getByRole('link', { name: 'Data Sources' }).click();
    await expect(page.getByText('No data sources in this folder yet')).toBeVisible();
    await expect(page).toHaveTitle('Data Sources · Keyway');
    await expectAccessible(page, 'data-sources-empty');
  } finally {
    await context.close();
    await fresh.stop();
  }
});

test('sign-in, Data Sources, the wizard, Health, Users, the audit log and every dialog', async ({ page }) => {
  test.setTimeout(240_000);
  let dataSourceId = '';
  let folder: Folder | undefined;
  const viewerEmail = `a11y-viewer-${uniqueSuffix()}@example.test`;

  await test.step('sign-in, and a wrong password', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await expect(page).toHaveTitle('Sign in · Keyway');
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Email', { exact: true }).fill(env('E2E_ADMIN_EMAIL'));
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('The email or password is not correct.');
    await expectAccessible(page, 'sign-in-failed');
  });

  await test.step('Data Sources with data, its dialogs', async () => {
    await signIn(page);
    folder = await createOwnFolder(page, 'a11y-checks', 'Accessibility Checks');
    dataSourceId = (await createSandboxDataSource(page, { title: 'A11y Accounts', folderId: folder.id })).id;
    await navigation(page).getByRole('link', { name: 'Data Sources' }).click();
    await page.getByRole('link', { name: folder.title }).click();
    await expect(page.getByRole('table', { name: 'Data sources' }).getByRole('row', { name: /A11y Accounts/ })).toBeVisible();
    await expectAccessible(page, 'data-sources');

    await page.getByRole('button', { name: 'New folder' }).click();
    await expect(page.getByRole('dialog', { name: 'New configuration folder' })).toBeVisible();
    await page.getByRole('dialog').getByRole('button', { name: 'Create folder' }).click();
    await expect(page.getByRole('dialog').getByText(/required/i).first()).toBeVisible();
    await expectAccessible(page, 'new-folder-errors');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    await page.getByRole('button', { name: 'Actions for A11y Accounts' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(page.getByRole('dialog')).toContainText('cannot be undone');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expectAccessible(page, 'delete-confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    // The dialog gives focus back to what opened it: the menu's button, since the menu item is gone.
    // Again without the resizing above, which draws the list anew (cards at 390 px).
    const actions = page.getByRole('button', { name: 'Actions for A11y Accounts' });
    await actions.click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(actions).toBeFocused();
  });

  await test.step('wizard step 1, empty and with errors', async () => {
    await page.getByRole('button', { name: 'Create' }).first().click();
    await expect(page.getByRole('heading', { name: 'Create Data Source Configuration', level: 1 })).toBeVisible();
    await expectAccessible(page, 'wizard-step1');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Title is required')).toBeVisible();
    // The first field to fix gets focus, so it is seen and heard, not only drawn in red.
    await expect(page.getByLabel('Title', { exact: true })).toBeFocused();
    await expectAccessible(page, 'wizard-step1-errors');
    await page.getByLabel('Title', { exact: true }).fill('A11y Wizard');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/step=2/);
  });

  await test.step('wizard step 2: empty, with errors, with a file, a failed and a successful test', async () => {
    await expect(page.getByLabel('Client Id', { exact: true })).toBeVisible();
    await expectAccessible(page, 'wizard-step2');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect(page.getByLabel('Client Id', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    // The first thing to fix is the Swagger file, far above the button: it gets focus and comes into view.
    await expect(page.getByRole('button', { name: 'Swagger File' })).toBeFocused();
    await expectAccessible(page, 'wizard-step2-errors');

    await fillSandboxConnection(page, 'not-the-secret');
    await expectAccessible(page, 'wizard-step2-file');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Connection failed' })).toContainText('invalid_client');
    await expectAccessible(page, 'wizard-test-failed');
    await page.getByLabel('Client Secret', { exact: true }).fill(env('E2E_CONSUMER_SECRET'));
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect(page.getByText('Connection successful')).toBeVisible();
    // The button was disabled while it worked; focus comes back to it, not to the top of the page.
    await expect(page.getByRole('button', { name: 'Test Connection' })).toBeFocused();
    await expectAccessible(page, 'wizard-test-succeeded');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('table', { name: 'Data sources' })).toBeVisible();
  });

  await test.step('Health with data, and the detail page', async () => {
    await openHealthOfFolder(page, folder!);
    const tile = page.getByRole('article', { name: 'A11y Accounts' });
    await expect(tile).toHaveAttribute('data-state', 'enabled', { timeout: 30_000 });
    await expect(page).toHaveTitle('Health · Keyway');
    await expectAccessible(page, 'health');
    await page.goto(`/health/${dataSourceId}`);
    await expect(page.getByRole('heading', { name: 'A11y Accounts', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Check time' })).toBeVisible();
    await expectAccessible(page, 'health-detail');
  });

  await test.step('Users and its dialogs', async () => {
    await navigation(page).getByRole('link', { name: 'Users' }).click();
    await expect(page.getByRole('table', { name: 'Users' })).toContainText(env('E2E_ADMIN_EMAIL'));
    await page.getByRole('button', { name: 'Add user' }).click();
    const add = page.getByRole('dialog', { name: 'Add user' });
    await add.getByRole('button', { name: 'Add user' }).click();
    await expect(add.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page, 'add-user-errors');
    await add.getByLabel('Email').fill(viewerEmail);
    await add.getByRole('radio', { name: 'Viewer' }).check();
    await add.getByLabel('First password', { exact: true }).fill('a viewer password for a11y');
    await add.getByRole('button', { name: 'Add user' }).click();
    await expect(add).toBeHidden();
    await expect(page.getByRole('row', { name: viewerEmail })).toBeVisible();
    await expectAccessible(page, 'users');

    const userActions = page.getByRole('button', { name: `Actions for ${viewerEmail}` });
    await checkDialogFromMenu(page, () => userActions.click(), 'Change role', 'change-role');
    // Again with the keyboard alone, without the resizing: the dialog gives focus back to the menu's button.
    await userActions.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Change role' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(userActions).toBeFocused();

    await checkDialogFromMenu(page, () => userActions.click(), 'Reset password', 'reset-password');
  });

  await test.step('the account menu, with the keyboard alone, and its Change password dialog', async () => {
    // The menu is fetched on first use: opened by the keyboard, it still takes focus and gives it back.
    const accountButton = page.getByRole('banner').getByRole('button', { name: new RegExp(env('E2E_ADMIN_EMAIL')) });
    await accountButton.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Change password' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expect(accountButton).toBeFocused();
    await checkDialogFromMenu(page, () => openAccountMenu(page), 'Change password', 'change-password');
  });

  await test.step('Audit log', async () => {
    await navigation(page).getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('table', { name: 'Audit entries' })).toContainText('Created data source');
    await expect(page).toHaveTitle('Audit log · Keyway');
    await expectAccessible(page, 'audit-log');
  });

  await test.step('a folder the console does not have', async () => {
    await page.goto('/tools/cloud-services/data-sources?folder=no-such-folder');
    await expect(page.getByRole('alert')).toContainText('There is no folder named “no-such-folder”');
    await expect(page.getByRole('heading', { name: 'Global', level: 2 })).toBeVisible();
    await expectAccessible(page, 'unknown-folder');
  });

  await test.step('an address the console does not have', async () => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();
    await expect(page).toHaveTitle('Page not found · Keyway');
    await expectAccessible(page, 'not-found');
    await page.getByRole('link', { name: 'Go to Health' }).click();
    await expect(page.getByRole('heading', { name: 'Health', level: 1 })).toBeFocused();
  });
});

test('the wizard\'s first step with the keyboard alone', async ({ page }) => {
  await signIn(page);
  // An empty folder of this test's own, whatever other specs keep in the console.
  const folder = await createOwnFolder(page, 'keyboard', 'Keyboard');
  await page.goto(`/tools/cloud-services/data-sources?folder=${folder.name}`);
  await expect(page.getByRole('heading', { name: folder.title, level: 2 })).toBeVisible();

  /** Tab (forwards, or backwards with Shift) until `target` has focus, at most `limit` presses. */
  const tabTo = async (target: ReturnType<Page['getByRole']>, limit = 25, key = 'Tab') => {
    for (let i = 0; i < limit; i++) {
      // Not there yet (a step still rendering) reads as not focused; the assertion below decides.
      if (await target.evaluate((el) => el === document.activeElement, undefined, { timeout: 1_000 }).catch(() => false)) return;
      await page.keyboard.press(key);
    }
    await expect(target, `reached within ${limit} presses of ${key}`).toBeFocused();
  };

  // The first Tab reaches "Skip to content", which passes the header and the navigation.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Data Sources', level: 1 })).toBeFocused();

  // Past one link per folder (however many other specs have made, a few more while this runs) and New folder.
  await tabTo(page.getByRole('button', { name: 'Create', exact: true }).first(), (await folderCount(page)) + 5);
  await page.keyboard.press('Enter');
  // A new page: focus is on its heading, not lost to <body>.
  await expect(page.getByRole('heading', { name: 'Create Data Source Configuration', level: 1 })).toBeFocused();

  const title = page.getByLabel('Title', { exact: true });
  await tabTo(title, 10);
  // Focus is visible on an input: a 2 px outline, not only a border colour.
  expect(await title.evaluate((el) => parseFloat(getComputedStyle(el).outlineWidth))).toBeGreaterThanOrEqual(2);
  await page.keyboard.type('Keyboard Accounts');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('keyboard-accounts');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Description', { exact: true })).toBeFocused();
  await page.keyboard.type('Made without a mouse.');
  await page.keyboard.press('Tab');
  const serviceType = page.getByRole('combobox', { name: 'Service Type' });
  await expect(serviceType).toBeFocused();
  // The Select opens with the arrow keys and takes the highlighted option with Enter.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('option', { name: 'RESTful Service' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(serviceType).toHaveValue('RESTful Service');

  await tabTo(page.getByRole('button', { name: 'Next' }), 6);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/step=2/);
  // The new step's heading has focus, so Tab goes on into the step's fields.
  const stepHeading = page.locator(':focus');
  await expect(stepHeading).toHaveJSProperty('tagName', 'H2');
  await tabTo(page.getByRole('button', { name: 'Back' }), 40);
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/step=2/);
  await expect(page.locator(':focus')).toHaveJSProperty('tagName', 'H2');
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Keyboard Accounts');
});

test('on a phone the closed navigation is out of the Tab order, and the menu button says whether it is open', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  // Signing in lands on Health through a redirect to a page that loads on demand: the menu is
  // pressed once that page is there, not while the layout may still render anew (a press then
  // was seen to leave the menu closed, once, with two workers sharing the two cores).
  await expect(page).toHaveURL(/\/health$/);
  await expect(page.getByRole('heading', { name: 'Health', level: 1 })).toBeVisible();
  const menuButton = page.getByRole('button', { name: 'Navigation' });
  const users = page.getByRole('link', { name: 'Users' });
  /** Whether the link can take focus at all: an inert one cannot, so Tab never reaches it. */
  const focusable = () => users.evaluate((link: HTMLElement) => (link.focus(), document.activeElement === link));
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  expect(await focusable()).toBe(false);
  await menuButton.press('Enter');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  await expect(users).toBeInViewport();
  expect(await focusable()).toBe(true);
  // Escape closes it, and focus, left on the link, goes back to the menu button.
  await page.keyboard.press('Escape');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(menuButton).toBeFocused();
  expect(await focusable()).toBe(false);
});
