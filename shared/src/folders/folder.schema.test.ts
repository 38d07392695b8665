import { describe, expect, it } from 'vitest';
import { FolderCreateSchema } from './folder.schema';

describe('FolderCreateSchema', () => {
  it('refuses a title with a hidden character, on the title, and keeps a look-alike one, normalised', () => {
    const refused = FolderCreateSchema.safeParse({ title: '\u202Egnp.exe', name: 'exe' });
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['title', 'Remove the invisible character U+202E (right-to-left override) at position 1'],
    ]);
    expect(FolderCreateSchema.parse({ title: '\u0405ales te\u0061\u0301m', name: 'sales' }).title).toBe('\u0405ales te\u00E1m');
  });
});
