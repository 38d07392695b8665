/// <reference lib="dom" />
import { expect, test, type Page, type Response } from '@playwright/test';
import { createOwnFolder, createSandboxDataSource, type Folder } from '../support/api';
import { openHealthOfFolder } from '../support/health';
import { screenshot } from '../support/screenshot';
import { env, signIn } from '../support/session';
import { fillSandboxConnection } from '../support/wizard';

/**
 * The console under its real Content-Security-Policy: every screen is walked with a listener for
 * `securitypolicyviolation` installed before any of the page's own scripts, and the console's
 * "Content Security Policy" messages are kept too. One violation anywhere fails the test, because a
 * refused style element or attribute means a screen that no longer looks as designed.
 */

interface Violation {
  directive: string;
  blocked: string;
  element: string;
  screen: string;
}

declare global {
  interface Window {
    __reportViolation?: (v: Omit<Violation, 'screen'>) => void;
    __pwned?: unknown;
  }
}

async function watchPolicy(page: Page) {
  const violations: Violation[] = [];
  const consoleMessages: string[] = [];
  let screen = 'start';
  // Survives full navigations, unlike an array on window.
  await page.exposeFunction('__reportViolation', (v: Omit<Violation, 'screen'>) => violations.push({ ...v, screen }));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 160) : String(event.target);
      void window.__reportViolation?.({ directive: event.effectiveDirective, blocked: event.blockedURI, element: target });
    });
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) consoleMessages.push(`[${screen}] ${message.text()}`);
  });
  return {
    violations,
    consoleMessages,
    on(name: string) {
      screen = name;
    },
  };
}

/** The policy's directives by name, from the document's response. */
function directivesOf(response: Response | null): Map<string, string[]> {
  const header = response?.headers()['content-security-policy'];
  expect(header, 'the document carries a Content-Security-Policy header').toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

const metaNonce = (page: Page) => page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? null);

/** How many `<style>` elements the page has, and whether each carries the page's nonce (so its CSS applies). */
const styleElements = (page: Page) =>
  page.evaluate(() => {
    const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
    const styles = Array.from(document.querySelectorAll('style'));
    return { count: styles.length, withoutNonce: styles.filter((s) => !nonce || s.nonce !== nonce).map((s) => s.outerHTML.slice(0, 120)) };
  });

test('every screen renders under the Content-Security-Policy without a single violation', async ({ page }) => {
  // A dozen screens and two health checks before the sparkline draws: more than one spec's usual time on two busy cores.
  test.setTimeout(180_000);
  const policy = await watchPolicy(page);

  let dataSourceId = '';
  let folder: Folder | undefined;
  await test.step('sign-in page: the policy has no inline script, no eval, and styles only by nonce', async () => {
    policy.on('sign-in');
    const response = await page.goto('/');
    const directives = directivesOf(response);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('script-src-attr')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    const styleSources = directives.get('style-src-elem') ?? [];
    expect(styleSources).not.toContain("'unsafe-inline'");
    expect(styleSources).toContainEqual(expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==?'$/));
    expect(directives.get('style-src-attr')).toEqual(["'none'"]);
    // The page's styles (Mantine's CSS variables) are written with the nonce this response was given.
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(styleSources).toContain(`'nonce-${await metaNonce(page)}'`);
    expect(response?.headers()['cache-control']).toBe('no-store');
  });

  await test.step('sign in, and a folder with a working data source of this test only', async () => {
    await page.getByLabel('Email', { exact: true }).fill(env('E2E_ADMIN_EMAIL'));
    await page.getByLabel('Password', { exact: true }).fill(env('E2E_ADMIN_PASSWORD'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    folder = await createOwnFolder(page, 'csp-checks', 'CSP Checks');
    dataSourceId = (await createSandboxDataSource(page, { title: 'CSP Accounts', folderId: folder.id })).id;
  });

  await test.step('Health dashboard, with its sparkline, and the account menu', async () => {
    policy.on('health dashboard');
    await openHealthOfFolder(page, folder!);
    const tile = page.getByRole('article', { name: 'CSP Accounts' });
    await expect(tile).toHaveAttribute('data-state', 'enabled', { timeout: 30_000 });
    await expect(tile.getByRole('img', { name: /Recent check times/ })).toBeVisible({ timeout: 30_000 });
    await screenshot(page, 'csp-health-dashboard');
    // A floating element, and a chunk fetched on first use.
    await page.getByRole('banner').getByRole('button', { name: /account menu/ }).click();
    await expect(page.getByRole('menuitem', { name: 'Change password' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
  });

  await test.step('health detail page, with its charts and a tooltip', async () => {
    policy.on('health detail');
    await page.getByRole('article', { name: 'CSP Accounts' }).getByRole('link', { name: 'CSP Accounts' }).click();
    await expect(page.getByRole('heading', { name: 'CSP Accounts', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Check time' })).toBeVisible();
    await expect(page.getByText('Typical (p50)')).toBeVisible({ timeout: 30_000 });
    // A tooltip is a positioned floating element: its placement must not need a style attribute.
    await page.getByText('typical', { exact: true }).first().hover();
    await expect(page.getByRole('tooltip')).toContainText('Typical check time');
    await page.mouse.move(0, 0);
    await expect(page.getByRole('tooltip')).toBeHidden();
    await page.getByRole('radio', { name: '24h' }).check({ force: true });
    await expect(page).toHaveURL(new RegExp(`/health/${dataSourceId}`));
    await screenshot(page, 'csp-health-detail');
  });

  await test.step('Data Sources list, and the New folder dialog', async () => {
    policy.on('data sources');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data Sources' }).click();
    await page.getByRole('link', { name: folder!.title }).click();
    await expect(page.getByRole('table', { name: 'Data sources' }).getByRole('row', { name: /CSP Accounts/ })).toBeVisible();
    // A modal locks the page's scroll with a style element of its own (react-remove-scroll).
    const before = await styleElements(page);
    await page.getByRole('button', { name: 'New folder' }).click();
    await expect(page.getByRole('dialog', { name: 'New configuration folder' })).toBeVisible();
    const withModal = await styleElements(page);
    expect(withModal.count).toBeGreaterThan(before.count);
    expect(withModal.withoutNonce).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await screenshot(page, 'csp-data-sources');
  });

  await test.step('wizard step 1, with an open Select', async () => {
    policy.on('wizard step 1');
    await page.getByRole('button', { name: 'Create' }).first().click();
    await expect(page.getByRole('heading', { name: 'Create Data Source Configuration' })).toBeVisible();
    await page.getByLabel('Title', { exact: true }).fill('CSP Wizard');
    await page.getByRole('combobox', { name: 'Service Type' }).click();
    await expect(page.getByRole('option', { name: 'RESTful Service' })).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/step=2/);
  });

  await test.step('wizard step 2: Swagger upload, a failed and a successful Test Connection', async () => {
    policy.on('wizard step 2');
    await fillSandboxConnection(page, 'not-the-secret');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Connection failed' })).toContainText('invalid_client');
    await page.getByLabel('Client Secret', { exact: true }).fill(env('E2E_CONSUMER_SECRET'));
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect(page.getByText('Connection successful')).toBeVisible();
    // Mantine's CSS variables and SimpleGrid's responsive columns are <style> elements with the nonce.
    const styles = await styleElements(page);
    expect(styles.count).toBeGreaterThanOrEqual(3);
    expect(styles.withoutNonce).toEqual([]);
    await screenshot(page, 'csp-wizard-step2');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('table', { name: 'Data sources' })).toBeVisible();
  });

  await test.step('edit, both steps', async () => {
    policy.on('edit');
    await page.getByRole('link', { name: 'CSP Accounts' }).click();
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue('CSP Accounts');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Client Secret', { exact: true })).toHaveValue('Configured');
    await screenshot(page, 'csp-edit-step2');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  await test.step('delete through the Actions menu and its confirmation dialog', async () => {
    policy.on('delete');
    await page.getByRole('button', { name: 'Actions for CSP Accounts' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('cannot be undone');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('No data sources in this folder yet')).toBeVisible();
  });

  await test.step('Users page, with the Add user dialog and its role choice', async () => {
    policy.on('users');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await expect(page.getByRole('table', { name: 'Users' })).toContainText(env('E2E_ADMIN_EMAIL'));
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Email').fill('csp-check@example.test');
    await dialog.getByRole('radio', { name: 'Editor' }).check();
    await screenshot(page, 'csp-add-user');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  await test.step('Audit log, with a filter and its Select open', async () => {
    policy.on('audit log');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('table', { name: 'Audit entries' })).toContainText('Deleted data source');
    await page.getByRole('combobox', { name: 'Action' }).click();
    await expect(page.getByRole('option', { name: 'Created folder' })).toBeVisible();
    await page.keyboard.press('Escape');
    await screenshot(page, 'csp-audit-log');
  });

  await test.step('API keys page, with the Create API key dialog and its Administrator warning', async () => {
    policy.on('api keys');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'Create API key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('radio', { name: 'Administrator' }).check();
    await expect(dialog.getByRole('alert')).toBeVisible();
    await screenshot(page, 'csp-api-keys');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  await test.step('the API reference at /api/docs, server-rendered', async () => {
    policy.on('api docs');
    const response = await page.goto('/api/docs');
    expect(directivesOf(response).get('script-src')).toEqual(["'self'"]);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('/api/v1/connections').first()).toBeVisible();
    await screenshot(page, 'csp-api-docs');
    await page.goto('/admin/audit-log');
  });

  await test.step('a reload gets a fresh nonce', async () => {
    policy.on('reload');
    const first = await metaNonce(page);
    const response = await page.reload();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    const second = await metaNonce(page);
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(directivesOf(response).get('style-src-elem')).toContain(`'nonce-${second}'`);
  });

  expect(policy.violations, 'securitypolicyviolation events').toEqual([]);
  expect(policy.consoleMessages, 'Content Security Policy console messages').toEqual([]);
});

test('attack: an injected inline script is refused by the policy', async ({ page }) => {
  const policy = await watchPolicy(page);
  await signIn(page);
  await page.evaluate(() => {
    document.body.append(Object.assign(document.createElement('script'), { textContent: 'window.__pwned = 1' }));
  });
  await expect.poll(() => policy.violations.map((v) => v.directive)).toContain('script-src-elem');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('attack: an injected inline event handler is refused by the policy', async ({ page }) => {
  const policy = await watchPolicy(page);
  await signIn(page);
  // Markup as an HTML injection would bring it: the image fails to decode, and its onerror must not run.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img alt="" src="/not-an-image.png" onerror="window.__pwned = 1">');
  });
  await expect.poll(() => policy.violations.map((v) => v.directive)).toContain('script-src-attr');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('attack: eval and new Function are refused by the policy', async ({ page }) => {
  const policy = await watchPolicy(page);
  await signIn(page);
  // Run from a task of the page's own, outside the debugger's evaluation (which CSP lets through).
  const outcomes = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        setTimeout(() => {
          resolve(
            [() => (0, eval)('window.__pwned = 1'), () => new Function('window.__pwned = 1')()].map((run) => {
              try {
                run();
                return 'ran';
              } catch (error) {
                return error instanceof EvalError ? 'refused' : String(error);
              }
            }),
          );
        });
      }),
  );
  expect(outcomes).toEqual(['refused', 'refused']);
  await expect.poll(() => policy.violations.filter((v) => v.blocked === 'eval').length).toBe(2);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('attack: an injected style element or style attribute is refused by the policy', async ({ page }) => {
  const policy = await watchPolicy(page);
  await signIn(page);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  // Injected CSS could hide or overlay the console's controls (or read attribute values with selectors).
  await page.evaluate(() => {
    document.head.append(Object.assign(document.createElement('style'), { textContent: 'button { visibility: hidden !important; }' }));
    document.body.insertAdjacentHTML('beforeend', '<div id="injected" style="position: fixed; inset: 0; background: red; z-index: 10000">injected</div>');
  });
  await expect.poll(() => policy.violations.map((v) => v.directive).sort()).toEqual(['style-src-attr', 'style-src-elem']);
  await expect(signOut).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.getElementById('injected')!).position)).toBe('static');
});

test('attack: a page of another origin cannot frame the console', async ({ page }) => {
  // The sandbox runs on another port: another origin that tries to put the console in a frame.
  await page.goto(`${env('E2E_SANDBOX_URL')}/`);
  const refused = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
  await page.evaluate((src) => {
    document.body.append(Object.assign(document.createElement('iframe'), { src, title: 'console' }));
  }, env('E2E_BASE_URL'));
  await refused;
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(frame, 'the page has its frame').toBeDefined();
  // The frame holds the browser's error page, not the console; a frame that cannot be read fails the test.
  expect(await frame!.evaluate(() => document.querySelector('#root') !== null)).toBe(false);
});
