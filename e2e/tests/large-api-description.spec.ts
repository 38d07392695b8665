import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { githubApiDescription } from '../../shared/src/test-support/github-api-description';
import { screenshot } from '../support/screenshot';
import { signIn } from '../support/session';

test("GitHub's 13 MB description is read in the wizard under the default limit, and its fields fill", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-e2e-github-'));
  const file = path.join(dir, 'api.github.com.json');
  fs.writeFileSync(file, githubApiDescription());
  try {
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data Sources' }).click();
    await page.getByRole('button', { name: 'Create' }).first().click();
    await page.getByLabel('Title', { exact: true }).fill('GitHub');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/step=2/);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Swagger File' }).click();
    await (await chooser).setFiles(file);
    const summary = page.getByLabel('API description summary');
    // Reading 13 MB takes a moment even in the worker.
    await expect(summary).toContainText("GitHub's official OpenAPI spec + Octokit extension", { timeout: 30_000 });
    await expect(summary).toContainText('1223 operations');
    await expect(page.getByText('api.github.com.json')).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Scheme' })).toHaveValue('https');
    await expect(page.getByLabel('Host', { exact: true })).toHaveValue('api.github.com');
    await expect(page.getByLabel('Base Path', { exact: true })).toHaveValue('/');
    // The page answered all along: the title typed on step 1 is still there to go back to.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByLabel('Title', { exact: true })).toHaveValue('GitHub');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(summary).toContainText('1223 operations');
    await screenshot(page, 'large-description');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
