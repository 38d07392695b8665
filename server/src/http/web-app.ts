import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import { CSP_NONCE_PLACEHOLDER, cspNonce } from './content-security-policy';

/**
 * The built SPA. index.html answers every GET outside /assets (deep links, a reload on a wizard
 * step) and is a template: each response gets a fresh CSP nonce in place of the placeholder, the
 * same one as in its Content-Security-Policy header, and is never stored, so no cache can hand one
 * page's nonce to another. What it loads is under /assets (hashedAssets below); the few files
 * public/ adds beside it (the favicon) are cached for an hour.
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
  router.use('/assets', hashedAssets(path.join(webDist, 'assets')));
  router.use(express.static(webDist, { index: false, maxAge: '1h' }));
  router.get(/.*/, sendIndex);
  return router;
}

/** A year, the most RFC 9111 asks a cache to honour; `immutable`: not even a reload asks again. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/**
 * What Vite wrote to assets/: every name there carries a hash of its content, so a new build makes
 * new names and a copy never goes stale. Each is sent with the smallest encoding the browser
 * accepts among those the build wrote beside it (web/precompress-plugin.ts: x.js.br, x.js.gz).
 *
 * The folder is listed once, at start-up, as index.html is read once: a request is answered only
 * for a name in that list, so no path it spells (`..`, %-escapes, a made-up .br) reaches the disk.
 * Any other name under /assets is a 404, not the SPA's page: a browser that asks for a chunk of an
 * older build must not be handed HTML for a script.
 */
function hashedAssets(dir: string): RequestHandler {
  const names = new Set(fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) : []);
  const assets = new Map<string, Encoding[]>();
  for (const name of names) {
    if (name.endsWith('.br') || name.endsWith('.gz')) continue;
    if (!fs.statSync(path.join(dir, name)).isFile()) continue;
    assets.set(`/${name.split(path.sep).join('/')}`, (['br', 'gzip'] as const).filter((encoding) => names.has(name + SUFFIX[encoding])));
  }

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const encodings = assets.get(req.path);
    // Out of this router: the console's 404 for a page, in the one error shape.
    if (!encodings) return next('router');
    const encoding = chooseEncoding(req.get('accept-encoding'), encodings);
    if (encodings.length > 0) res.vary('Accept-Encoding');
    if (encoding) res.set('content-encoding', encoding);
    // The type of what was asked for (x.js), not of the file sent (x.js.br).
    res.type(path.extname(req.path));
    const file = `${req.path.slice(1)}${encoding ? SUFFIX[encoding] : ''}`;
    res.sendFile(file, { root: dir, cacheControl: false, headers: { 'cache-control': IMMUTABLE_CACHE_CONTROL } }, (err) => {
      if (err) next(err);
    });
  };
}

/**
 * The encoding to send, from the request's Accept-Encoding (RFC 9110, 12.5.3) and the ones on disk:
 * the highest q the browser gives, brotli on a tie (it is the smaller), none if it accepts neither.
 */
export function chooseEncoding(acceptEncoding: string | undefined, available: readonly Encoding[]): Encoding | undefined {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const qOf = (encoding: Encoding) => q.get(encoding) ?? (encoding === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
  let best: Encoding | undefined;
  for (const encoding of available) {
    if (qOf(encoding) > 0 && (best === undefined || qOf(encoding) > qOf(best))) best = encoding;
  }
  return best;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
