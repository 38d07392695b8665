import {
  describeValue,
  fail,
  getOwn,
  isAbsent,
  isDocumentObject,
  quote,
} from './document-values';
import type { DocumentObject, DocumentPath } from './document-values';
import { leniently, type Locate } from './lenient';

export interface Endpoint {
  scheme: 'http' | 'https' | '';
  host: string;
  basePath: string;
  warnings: string[];
}

const SWAGGER_SCHEMES = ['http', 'https', 'ws', 'wss'] as const;
const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:/i;
const SERVER_VARIABLE = /\{([^{}]*)\}/g;
const NO_SERVERS = 'No servers are listed; enter Scheme and Host yourself.';

/** Each of Scheme, Host and Base Path that cannot be read is left blank, with the reason as a warning. */
export function swaggerEndpoint(root: DocumentObject, locate?: Locate): Endpoint {
  const warnings: string[] = [];
  const scheme = leniently(warnings, () => swaggerScheme(getOwn(root, 'schemes'), warnings), '', 'Enter Scheme yourself.', locate);
  const host = leniently(warnings, () => swaggerHost(getOwn(root, 'host'), warnings), '', 'Enter Host yourself.', locate);
  const basePath = leniently(warnings, () => swaggerBasePath(getOwn(root, 'basePath')), '/', 'Enter Base Path yourself.', locate);
  return { scheme, host, basePath, warnings };
}

function swaggerScheme(schemes: unknown, warnings: string[]): Endpoint['scheme'] {
  if (isAbsent(schemes) || (Array.isArray(schemes) && schemes.length === 0)) {
    warnings.push('No schemes are listed; enter Scheme yourself.');
    return '';
  }
  if (!Array.isArray(schemes)) {
    fail(['schemes'], `schemes must be a list such as [https]; found ${describeValue(schemes)}.`);
  }
  const listed = schemes.map((entry: unknown, index) => {
    const name = typeof entry === 'string' ? entry.trim().toLowerCase() : undefined;
    const known = SWAGGER_SCHEMES.find((scheme) => scheme === name);
    if (!known) {
      fail(
        ['schemes', index],
        `schemes[${index}] is ${describeValue(entry)}; Swagger 2.0 allows http, https, ws and wss.`,
      );
    }
    return known;
  });
  if (listed.includes('https')) return 'https';
  if (listed.includes('http')) return 'http';
  warnings.push('Only WebSocket schemes (ws, wss) are listed; enter Scheme yourself.');
  return '';
}

function swaggerHost(host: unknown, warnings: string[]): string {
  const text = typeof host === 'string' ? host.trim() : host;
  if (isAbsent(text) || text === '') {
    warnings.push('No host is listed; enter Host yourself.');
    return '';
  }
  if (typeof text !== 'string') {
    fail(['host'], `host must be a host name such as api.example.com; found ${describeValue(text)}.`);
  }
  if (ABSOLUTE_URL.test(text) && text.includes('//')) {
    fail(
      ['host'],
      `host must not include a scheme; found ${quote(text)}. List the scheme under schemes and keep only the host name (and port) here.`,
    );
  }
  if (/[/\\?#]/.test(text)) {
    fail(
      ['host'],
      `host must not include a path; found ${quote(text)}. Put the path in basePath and keep only the host name (and port) here.`,
    );
  }
  if (!isHostWithPort(text)) {
    fail(['host'], `host is not a valid host name with an optional port: ${quote(text)}.`);
  }
  return text.toLowerCase();
}

function isHostWithPort(text: string): boolean {
  try {
    const url = new URL(`http://${text}`);
    return url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

function swaggerBasePath(basePath: unknown): string {
  if (isAbsent(basePath)) return '/';
  if (typeof basePath !== 'string') {
    fail(['basePath'], `basePath must be a path such as /v1; found ${describeValue(basePath)}.`);
  }
  if (!basePath.startsWith('/')) {
    fail(['basePath'], `basePath must start with "/"; found ${quote(basePath)}.`);
  }
  return normalizeBasePath(basePath);
}

/** A server URL that cannot be read leaves Scheme, Host and Base Path blank, with the reason as a warning. */
export function openApiEndpoint(root: DocumentObject, locate?: Locate): Endpoint {
  const warnings: string[] = [];
  const blank: Omit<Endpoint, 'warnings'> = { scheme: '', host: '', basePath: '/' };
  const address = leniently(warnings, () => openApiAddress(root, warnings), blank, 'Enter Scheme, Host and Base Path yourself.', locate);
  return { ...address, warnings };
}

function openApiAddress(root: DocumentObject, warnings: string[]): Omit<Endpoint, 'warnings'> {
  const servers = getOwn(root, 'servers');
  if (isAbsent(servers) || (Array.isArray(servers) && servers.length === 0)) {
    warnings.push(NO_SERVERS);
    return { scheme: '', host: '', basePath: '/' };
  }
  if (!Array.isArray(servers)) {
    fail(['servers'], `servers must be a list; found ${describeValue(servers)}.`);
  }
  const server: unknown = servers[0];
  if (!isDocumentObject(server)) {
    fail(['servers', 0], `servers[0] must be an object with a url; found ${describeValue(server)}.`);
  }
  const url = getOwn(server, 'url');
  if (url === undefined) fail(['servers', 0, 'url'], 'servers[0].url is missing.');
  if (typeof url !== 'string') {
    fail(['servers', 0, 'url'], `servers[0].url must be a URL; found ${describeValue(url)}.`);
  }
  const resolved = substituteVariables(url, getOwn(server, 'variables'), warnings);
  return serverAddress(resolved.trim(), warnings);
}

/** Server URLs may contain {name} placeholders, each defined in servers[0].variables with a default. */
function substituteVariables(url: string, variables: unknown, warnings: string[]): string {
  if (!url.match(SERVER_VARIABLE)) return url;
  const resolved = url.replace(SERVER_VARIABLE, (_placeholder, name: string) =>
    variableDefault(variables, name),
  );
  warnings.push('servers[0].url uses variables; their default values were used.');
  return resolved;
}

function variableDefault(variables: unknown, name: string): string {
  const path: DocumentPath = ['servers', 0, 'variables', name];
  const variable = isDocumentObject(variables) ? getOwn(variables, name) : undefined;
  if (variable === undefined) {
    fail(path, `servers[0].url uses {${name}}, but servers[0].variables does not define ${name}.`);
  }
  if (!isDocumentObject(variable)) {
    fail(path, `servers[0].variables.${name} must be an object with a default; found ${describeValue(variable)}.`);
  }
  const value = getOwn(variable, 'default');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  fail(path, `servers[0].variables.${name} has no default value.`);
}

function serverAddress(url: string, warnings: string[]): Omit<Endpoint, 'warnings'> {
  const urlPath: DocumentPath = ['servers', 0, 'url'];
  if (url.startsWith('//')) {
    const parsed = parseUrl(`https:${url}`, urlPath, url);
    warnings.push(`servers[0].url has no scheme (${quote(url)}); enter Scheme yourself.`);
    return { scheme: '', host: parsed.host, basePath: normalizeBasePath(parsed.pathname) };
  }
  if (!ABSOLUTE_URL.test(url)) {
    // Relative URLs are relative to wherever the description is hosted, which an uploaded file does not have.
    const parsed = parseUrl(url, urlPath, url, 'https://relative.invalid/');
    warnings.push(`servers[0].url is relative (${quote(url)}); enter Scheme and Host yourself.`);
    return { scheme: '', host: '', basePath: normalizeBasePath(parsed.pathname) };
  }
  const parsed = parseUrl(url, urlPath, url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    fail(urlPath, `servers[0].url must start with http:// or https://; found ${quote(url)}.`);
  }
  return {
    scheme: parsed.protocol === 'https:' ? 'https' : 'http',
    host: parsed.host,
    basePath: normalizeBasePath(parsed.pathname),
  };
}

function parseUrl(input: string, path: DocumentPath, shown: string, base?: string) {
  try {
    return new URL(input, base);
  } catch {
    return fail(path, `servers[0].url is not a valid URL: ${quote(shown)}.`);
  }
}

/** '/services/data/' and '/services/data' name the same base; '' means the root. */
function normalizeBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
