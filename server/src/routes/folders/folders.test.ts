import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAgent } from '../../test-support/test-app';

describe('folder routes', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let agent: Awaited<ReturnType<typeof signedInAgent>>;
  beforeEach(async () => {
    ctx = await createTestApp();
    agent = await signedInAgent(ctx.app, ctx.db);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const titles = async () => (await agent.get('/api/folders').expect(200)).body.folders.map((f: { title: string }) => f.title);

  it('attack: a title with a right-to-left override, a zero-width space or a NUL is refused with a plain message, and a look-alike one is stored normalised', async () => {
    const before = await titles();
    for (const [title, message] of [
      ['\u202Egnp.exe', 'Remove the invisible character U+202E (right-to-left override) at position 1'],
      ['Sales\u200Bforce', 'Remove the invisible character U+200B (zero-width space) at position 6'],
      ['Sales\u0000force', 'Remove the control character U+0000 (null) at position 6'],
    ]) {
      const res = await agent.post('/api/folders').send({ title, name: 'refused' }).expect(400);
      expect(res.body.error).toEqual({
        code: 'validation_error',
        message: `Some values are not valid. title: ${message}`,
        details: { fieldErrors: { title: [message] } },
      });
    }
    expect(await titles()).toEqual(before);
    const audited = (await agent.get('/api/audit?action=folder.create').expect(200)).body.events;
    expect(audited).toEqual([]);

    // A Cyrillic Ѕ is a letter, not a hidden character: stored (the console flags it where it is shown), in NFC.
    const lookAlike = await agent.post('/api/folders').send({ title: '\u0405ales Cafe\u0301', name: 'sales-cafe' }).expect(201);
    expect(lookAlike.body.folder.title).toBe('\u0405ales Caf\u00E9');
    expect(await titles()).toContain('\u0405ales Caf\u00E9');
  });
});
