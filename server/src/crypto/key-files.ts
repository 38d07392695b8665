import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Reads a key kept in the data folder, creating it on first start. The file is created
 * exclusively with mode 0600 so two processes starting together cannot both write one.
 */
export function loadOrCreateKeyFile(dataDir: string, fileName: string, create: () => string): string {
  const file = path.join(dataDir, fileName);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${create()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const value = fs.readFileSync(file, 'utf8').trim();
  if (!value) throw new Error(`${file} is empty; delete it to generate a new key`);
  return value;
}

export const randomKeyBase64 = () => randomBytes(32).toString('base64');
