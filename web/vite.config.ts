import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './precompress-plugin.ts';

// In development the BFF runs beside Vite; /api goes to it so cookies stay same-origin.
const apiTarget = process.env.KEYWAY_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), precompress()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  // A placeholder nonce on index.html's script and link tags and in <meta property="csp-nonce">; the
  // server puts a fresh nonce in its place for every response (server/src/http/web-app.ts).
  html: { cspNonce: 'KEYWAY_CSP_NONCE' },
  build: {
    // No source maps in the shipped bundle: nothing in it needs to be readable, and less to audit.
    sourcemap: false,
    // dist/.vite/manifest.json: which chunks and styles each page loads, read by bench/web.ts.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // What the sign-in page runs, in the entry itself: left to itself the bundler cut it in six
        // chunks (the parts the console shares), each compressed apart, 4 kB more in all.
        codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
  },
});
