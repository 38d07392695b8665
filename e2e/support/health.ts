import { expect, type Page } from '@playwright/test';
import type { Folder } from './api';

/**
 * Health, through the main navigation, narrowed to one folder with its Folder filter as a person
 * would: the tiles and counts are then this test's own, whatever other specs keep elsewhere.
 */
export async function openHealthOfFolder(page: Page, folder: Folder) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health' }).click();
  await expect(page.getByRole('heading', { name: 'Health', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: 'Folder' }).selectOption({ label: folder.title });
  await expect(page).toHaveURL(new RegExp(`[?&]folder=${folder.id}(&|$)`));
  // Until the filtered list arrives the page may still show the unfiltered one; each tile names its folder.
  await expect(page.getByRole('article').filter({ hasNotText: folder.title })).toHaveCount(0);
}
