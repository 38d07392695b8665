import { expect, type Page } from '@playwright/test';

export const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run through playwright.config.ts`);
  return value;
};

/** Signs in through the sign-in page; the administrator unless another account is given. */
export async function signIn(page: Page, account = { email: env('E2E_ADMIN_EMAIL'), password: env('E2E_ADMIN_PASSWORD') }) {
  await page.goto('/');
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
