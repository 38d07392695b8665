import { describe, expect, it } from 'vitest';
import { browserAgent, createTestApp, signedInAgent, signedInAs } from '../../test-support/test-app';

describe('GET /api/config', () => {
  it('gives the Swagger size limit, 25,000,000 bytes unless SWAGGER_MAX_BYTES says otherwise', async () => {
    for (const [swaggerMaxBytes, expected] of [
      [undefined, 25_000_000],
      [20_000, 20_000],
    ] as const) {
      const ctx = await createTestApp({ swaggerMaxBytes });
      try {
        const agent = await signedInAgent(ctx.app, ctx.db);
        const res = await agent.get('/api/config').expect(200);
        expect(res.body).toEqual({ swaggerMaxBytes: expected });
        expect(res.headers['cache-control']).toBe('no-store');
      } finally {
        await ctx.close();
      }
    }
  });

  it('answers every signed-in role, and nobody else', async () => {
    const ctx = await createTestApp();
    try {
      const res = await browserAgent(ctx.app).get('/api/config').expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
      for (const role of ['viewer', 'editor'] as const) {
        const { agent } = await signedInAs(ctx.app, ctx.db, role);
        expect((await agent.get('/api/config').expect(200)).body).toEqual({ swaggerMaxBytes: 25_000_000 });
      }
    } finally {
      await ctx.close();
    }
  });
});
