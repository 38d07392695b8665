import { defineConfig } from 'tsup';

export default defineConfig({
  // The console, and the operator's command line (dist/cli/keyway.js: `node server/dist/cli/keyway.js rotate-key`).
  entry: ['src/index.ts', 'src/cli/keyway.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // Workspace packages are TypeScript sources: bundle them. Their npm dependencies (zod, yaml) are
  // server dependencies too, so they stay external and load as the packages they are.
  noExternal: [/^@keyway\//],
  sourcemap: true,
  clean: true,
});
