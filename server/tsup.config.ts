import { defineConfig } from 'tsup';

export default defineConfig({
  // The console, and the operator's command line (dist/cli/keyway.js: `node server/dist/cli/keyway.js rotate-key`).
  // And the worker that reads large API descriptions off the event loop (dist/description-worker.js).
  entry: { index: 'src/index.ts', 'cli/keyway': 'src/cli/keyway.ts', 'description-worker': 'src/routes/swagger/description-worker.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // Workspace packages are TypeScript sources: bundle them. Their npm dependencies (zod, yaml) are
  // server dependencies too, so they stay external and load as the packages they are.
  noExternal: [/^@keyway\//],
  sourcemap: true,
  clean: true,
});
