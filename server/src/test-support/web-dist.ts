import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CSP_NONCE_PLACEHOLDER } from '../http/content-security-policy';

/** index.html as Vite builds it with `html.cspNonce` (web/vite.config.ts). */
export const BUILT_INDEX = `<!doctype html>
<html lang="en">
  <head>
    <title>Keyway</title>
    <meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">
    <script type="module" crossorigin src="/assets/index-abc.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-abc.css" nonce="${CSP_NONCE_PLACEHOLDER}">
  </head>
  <body><div id="root"></div></body>
</html>`;

/** A built web app's shape in a fresh temporary folder: index.html and one hashed script. */
export function writeBuiltWebApp(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-web-dist-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), BUILT_INDEX);
  fs.writeFileSync(path.join(dir, 'assets/index-abc.js'), 'console.log("app")');
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
