#!/usr/bin/env node
// Does against a running console what Adobe Flow Service's documented curl examples do, with an
// API key: create a Salesforce connection ("OAuth2 Client Credential"), poll it until it is
// enabled, PATCH it with a stale and then the current If-Match, delete it; then the same with the
// JWT bearer flow and a key pair Keyway generates. It is not a test: it prints each step and what
// came back, and stops at the first answer that is not what Flow's documentation leads one to expect.
//
//   KEYWAY_API_KEY=$(npx -y pnpm@10.34.9 --silent keyway api-key create --name walkthrough --role editor) \
//     node scripts/flow-api-walkthrough.mjs
//
// Environment (defaults suit `pnpm start`, which runs the bundled sandbox on :4010):
//   KEYWAY_URL            the console                       http://localhost:3000
//   KEYWAY_API_KEY        an Editor (or Administrator) key   required
//   SALESFORCE_URL        environmentUrl                    http://127.0.0.1:4010
//   SALESFORCE_CLIENT_ID / SALESFORCE_CLIENT_SECRET         required: the consumer key and secret
//                         (`pnpm start` prints the sandbox's; SANDBOX_CONSUMER_KEY/SECRET fix them)
//   SALESFORCE_JWT_USER   the pre-authorized user           integration@example.com
//   SANDBOX_CONTROL       the sandbox's control URL, to upload the certificate and pre-authorize
//                         the user as an administrator would in Setup; "none" against a real org,
//                         where the script stops and asks you to upload the .crt it saved.

import fs from 'node:fs';

const keyway = (process.env.KEYWAY_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const key = process.env.KEYWAY_API_KEY;
const environmentUrl = process.env.SALESFORCE_URL ?? 'http://127.0.0.1:4010';
const control = process.env.SANDBOX_CONTROL ?? `${environmentUrl}/__sandbox`;
const jwtUser = process.env.SALESFORCE_JWT_USER ?? 'integration@example.com';
const SALESFORCE_SPEC_ID = 'cfc0fee1-7dc0-40ef-b73e-d8b134c436f5';

if (!key) {
  console.error('Set KEYWAY_API_KEY: make one with `pnpm keyway api-key create --name walkthrough --role editor`.');
  process.exit(2);
}

let step = 0;
function say(text) {
  step += 1;
  console.log(`\n${step}. ${text}`);
}
function fail(text) {
  console.error(`   ✗ ${text}`);
  process.exit(1);
}

async function call(method, path, { body, headers = {}, expect } = {}) {
  const response = await fetch(`${keyway}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      'x-sandbox-name': 'global',
      ...(body !== undefined ? { 'content-type': method === 'PATCH' ? 'application/json-patch+json' : 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  console.log(`   ${method} /api/v1${path} → ${response.status}${response.headers.get('etag') ? ` (ETag ${response.headers.get('etag')})` : ''}`);
  if (expect !== undefined && response.status !== expect) fail(`expected ${expect}: ${text}`);
  return { status: response.status, headers: response.headers, json };
}


/** Flow's documented loop: GET until the state leaves initializing (here at most 30 s). */
async function pollUntilEnabled(id) {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const { json } = await call('GET', `/connections/${id}`, { expect: 200 });
    const connection = json.items[0];
    if (connection.state !== 'initializing') {
      console.log(`   state: ${connection.state} (${connection.stateReason})`);
      if (connection.state !== 'enabled') fail('the connection did not become enabled');
      return connection;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  fail('still initializing after 30 s');
}

async function patchWithEtags(connection) {
  say('PATCH with a stale If-Match: refused with 412, nothing changed');
  await call('PATCH', `/connections/${connection.id}`, {
    headers: { 'if-match': '"v0"' },
    body: [{ op: 'replace', path: '/description', value: 'stale' }],
    expect: 412,
  });
  say(`PATCH with the current If-Match ${connection.etag}: applied, a new etag`);
  const patched = await call('PATCH', `/connections/${connection.id}`, {
    headers: { 'if-match': connection.etag },
    body: [{ op: 'replace', path: '/description', value: 'Patched by the walkthrough' }],
    expect: 200,
  });
  if (patched.json.etag === connection.etag) fail('the etag did not change');
  console.log(`   etag ${connection.etag} → ${patched.json.etag}`);
}

async function remove(id) {
  say('DELETE the connection');
  await call('DELETE', `/connections/${id}`, { expect: 204 });
  await call('GET', `/connections/${id}`, { expect: 404 });
}

const clientId = process.env.SALESFORCE_CLIENT_ID;
const clientSecret = process.env.SALESFORCE_CLIENT_SECRET;
if (!clientId || !clientSecret) {
  console.error('Set SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET: the connected app\'s consumer key and secret (`pnpm start` prints the sandbox\'s).');
  process.exit(2);
}

say('Create a Salesforce connection with "OAuth2 Client Credential"');
const created = await call('POST', '/connections', {
  body: {
    name: 'Salesforce walkthrough (client credentials)',
    description: 'Made by scripts/flow-api-walkthrough.mjs',
    auth: { specName: 'OAuth2 Client Credential', params: { environmentUrl, clientId, clientSecret, apiVersion: '60.0' } },
    connectionSpec: { id: SALESFORCE_SPEC_ID, version: '1.0' },
  },
  expect: 201,
});
console.log(`   ${JSON.stringify(created.json)}, Location ${created.headers.get('location')}`);
say('Poll GET /connections/{id} until its state is enabled');
const first = await pollUntilEnabled(created.json.id);
if (JSON.stringify(first).includes(clientSecret)) fail('the client secret came back');
console.log(`   secretParams: ${JSON.stringify(first.secretParams)} (never returned)`);
await patchWithEtags(first);
await remove(first.id);

say('Generate a key pair for the JWT bearer flow: only the certificate comes back');
const pair = await call('POST', '/keyPairs', { body: { commonName: 'Keyway walkthrough' }, expect: 201 });
if (JSON.stringify(pair.json).includes('PRIVATE KEY')) fail('a private key came back');
fs.writeFileSync('keyway-walkthrough.crt', pair.json.certificate.pem);
console.log(`   ${pair.json.certificate.subject}, SHA-256 ${pair.json.certificate.sha256}; saved as keyway-walkthrough.crt`);
if (control === 'none') {
  console.log('   Upload keyway-walkthrough.crt to the connected app (Use digital signatures), pre-authorize the user, then run again with SANDBOX_CONTROL set.');
  process.exit(0);
}
say('Upload the certificate to the connected app and pre-authorize the user (the sandbox\'s Setup)');
for (const [path, body] of [
  ['/jwt-certificate', { consumerKey: clientId, certificate: pair.json.certificate.pem }],
  ['/jwt-user', { consumerKey: clientId, username: jwtUser }],
]) {
  const response = await fetch(`${control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  console.log(`   POST ${path} → ${response.status}`);
  if (!response.ok) fail(await response.text());
}

say('Create a Salesforce connection with "OAuth2 JWT Token Credential" and the generated key pair');
const jwt = await call('POST', '/connections', {
  body: {
    name: 'Salesforce walkthrough (JWT bearer)',
    auth: { specName: 'OAuth2 JWT Token Credential', params: { environmentUrl, clientId, username: jwtUser, keyPairId: pair.json.id, apiVersion: '60.0' } },
    connectionSpec: { id: SALESFORCE_SPEC_ID, version: '1.0' },
  },
  expect: 201,
});
say('Poll until enabled');
const second = await pollUntilEnabled(jwt.json.id);
await patchWithEtags(second);
await remove(second.id);
fs.rmSync('keyway-walkthrough.crt', { force: true });
console.log('\nDone: both flows worked as Flow Service documents them.');
