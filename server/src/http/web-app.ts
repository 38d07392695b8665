import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import { CSP_NONCE_PLACEHOLDER, cspNonce } from './content-security-policy';

/**
 * The built SPA. Hashed assets come from disk, cached for an hour. index.html answers every other
 * GET (deep links, a reload on a wizard step) and is a template: each response gets a fresh CSP
 * nonce in place of the placeholder, the same one as in its Content-Security-Policy header, and is
 * never stored, so no cache can hand one page's nonce to another.
 */
export function webApp(webDist: string): Router {
  const template = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
  if (!template.includes(`<meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}"`)) {
    throw new Error(`${path.join(webDist, 'index.html')} has no CSP nonce placeholder; rebuild the web app (pnpm build).`);
  }
  const sendIndex: RequestHandler = (_req, res) => {
    res
      .set('cache-control', 'no-store')
      .type('html')
      .send(template.replaceAll(CSP_NONCE_PLACEHOLDER, cspNonce(res)));
  };

  const router = express.Router();
  // Before the static files, which would otherwise serve the template itself at /index.html, or at
  // any spelling of it the static server decodes (/%69ndex.html).
  router.get(['/', '/index.html'], sendIndex);
  router.use((req, res, next) => (decodedPath(req.path) === '/index.html' ? sendIndex(req, res, next) : next()));
  router.use(express.static(webDist, { index: false, maxAge: '1h' }));
  router.get(/.*/, sendIndex);
  return router;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
