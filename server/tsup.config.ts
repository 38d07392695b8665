import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // Workspace packages are TypeScript sources: bundle them; everything from npm stays external.
  noExternal: [/^@keyway\//],
  sourcemap: true,
  clean: true,
});
