import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from './index';

/** What the running sandbox wrote to its log, for tests that check no secret is in it. */
export const logLines: string[] = [];

let running: SalesforceSandbox | undefined;
const current = (): SalesforceSandbox => {
  if (!running) throw new Error('useSandbox() has not started the sandbox yet (call it at the top of the test file)');
  return running;
};

/**
 * A sandbox for the calling test file: started before its tests, back to its start-up state after
 * each one, closed after all. The object answers for whichever sandbox is running.
 */
export function useSandbox(): SalesforceSandbox {
  beforeAll(async () => {
    running = await startSalesforceSandbox({ port: 0, host: '127.0.0.1', log: (line) => logLines.push(line) });
  });
  afterAll(async () => {
    await current().close();
    running = undefined;
  });
  afterEach(() => {
    current().control.reset();
  });
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    get demoApp() {
      return current().demoApp;
    },
    get integrationUser() {
      return current().integrationUser;
    },
    get control() {
      return current().control;
    },
    close: () => current().close(),
  };
}

export type Json = Record<string, unknown>;

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export async function token(body: string, headers: Record<string, string> = {}, path = '/services/oauth2/token') {
  const res = await fetch(current().url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { res, json: (await res.json()) as Json };
}

export const demoBody = () =>
  form({ grant_type: 'client_credentials', client_id: current().demoApp.consumerKey, client_secret: current().demoApp.consumerSecret });

export async function accessToken(): Promise<string> {
  const { json } = await token(demoBody());
  return String(json.access_token);
}

export function api(path: string, bearer?: string) {
  return fetch(current().url + path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
}

/** RFC 6749 Appendix B: form-encode id and secret, join with ':', base64. */
export function basic(id: string, secret: string): string {
  const enc = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);
  return 'Basic ' + Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64');
}

export async function expectOAuthError(p: ReturnType<typeof token>, error: string, description: string) {
  const { res, json } = await p;
  expect(res.status).toBe(400);
  expect(json).toEqual({ error, error_description: description });
}

export async function noRunAsKey(): Promise<string> {
  const state = (await (await fetch(`${current().url}/__sandbox/state`)).json()) as { apps: { name: string; consumerKey: string }[] };
  return state.apps.find((a) => a.name === 'NoRunAsUser')?.consumerKey ?? '';
}

export interface TestSigningKey {
  privateKey: webcrypto.CryptoKey;
  certificatePem: string;
}

/** An RSA 2048 key and a self-signed certificate for it, as a developer would upload to a connected app. */
export async function signingKey(commonName = 'keyway-test'): Promise<TestSigningKey> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ name: [{ CN: [commonName] }], keys, signingAlgorithm: alg }, webcrypto);
  return { privateKey: keys.privateKey, certificatePem: cert.toString('pem') };
}

/** The partner WSDL's login() envelope, with the values XML-escaped. */
export function loginEnvelope(username: string, password: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><n1:login xmlns:n1="urn:partner.soap.sforce.com"><n1:username>${esc(username)}</n1:username><n1:password>${esc(password)}</n1:password></n1:login></env:Body></env:Envelope>`;
}

/** POSTs a SOAP 1.1 request to /services/Soap/u/<version>, with SOAPAction and text/xml unless `headers` says otherwise. */
export async function soap(body: string, version = '60.0', headers: Record<string, string> = {}) {
  const res = await fetch(`${current().url}/services/Soap/u/${version}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: 'login', ...headers },
    body,
  });
  return { res, xml: await res.text() };
}

/** login() as the integration user: the password with the security token appended. */
export function soapLogin(password = current().integrationUser.password + current().integrationUser.securityToken, username = current().integrationUser.username, version = '60.0') {
  return soap(loginEnvelope(username, password), version);
}

/** The text of the first element of this local name, any prefix, entities left as they are. */
export function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${name}>`).exec(xml)?.[1];
}

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A JWT bearer assertion for the demo app: claims default to a valid one, `claims` overrides (undefined removes). */
export async function assertion(key: webcrypto.CryptoKey, claims: Record<string, unknown> = {}, alg = 'RS256'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = Object.fromEntries(
    Object.entries({ iss: current().demoApp.consumerKey, sub: 'integration@example.com', aud: 'https://login.salesforce.com', iat: now, exp: now + 180, ...claims }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(key);
}

export const jwtBody = (jwt: string) => form({ grant_type: JWT_BEARER, assertion: jwt });
