import { startSalesforceSandbox, type SalesforceSandbox } from '@keyway/salesforce-sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';
import { loopbackEndpoints, type LoopbackHandler, type LoopbackServer } from '../test-support/loopback-server';
import { loginWithSoap, PARTNER_NS, soapLoginEnvelope, soapLoginUrl, type SoapLoginRequest } from './salesforce-soap-login';
import { childElement, escapeXml, pathElement, readXml, SOAP_ENVELOPE_NS } from './soap-xml';
import type { TokenExchangeOutcome } from './token-exchange';

const INVALID_LOGIN = 'INVALID_LOGIN: Invalid username, password, security token; or user locked out.';
/** Every character XML escapes, and an end tag: it must reach Salesforce as text. */
const XML_PASSWORD = `p<&"'>w</urn:password>d`;

/** What `shown` must never contain: each secret, joined, and XML-escaped. */
function expectNoSecret(outcome: TokenExchangeOutcome, ...secrets: string[]) {
  const shown = JSON.stringify(outcome);
  for (const secret of secrets) {
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(escapeXml(secret));
    expect(shown).not.toContain(JSON.stringify(secret).slice(1, -1));
  }
}

describe('loginWithSoap against the bundled Salesforce sandbox', () => {
  let sandbox: SalesforceSandbox;
  let client: OutboundClient;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ port: 0 });
    client = new OutboundClient(createOutboundPolicy([`127.0.0.1:${sandbox.port}`]), 5_000);
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });
  beforeEach(() => sandbox.control.reset());

  const request = (overrides: Partial<SoapLoginRequest> = {}): SoapLoginRequest => ({
    environmentUrl: sandbox.url,
    apiVersion: '60.0',
    username: sandbox.integrationUser.username,
    password: sandbox.integrationUser.password,
    securityToken: sandbox.integrationUser.securityToken,
    ...overrides,
  });
  const sobjects = (outcome: TokenExchangeOutcome) => {
    if (!outcome.ok) expect.unreachable(JSON.stringify(outcome.failure));
    return client.request({
      method: 'GET',
      url: `${outcome.token.instanceUrl}/services/data/v60.0/sobjects`,
      headers: { authorization: `${outcome.token.tokenType} ${outcome.token.accessToken}` },
    });
  };

  it('logs in, and the session id works as a Bearer token on the REST API', async () => {
    const before = Date.now();
    const outcome = await loginWithSoap(client, request());
    if (!outcome.ok) expect.unreachable(JSON.stringify(outcome.failure));
    expect(outcome.httpStatus).toBe(200);
    expect(outcome.token).toMatchObject({ tokenType: 'Bearer', instanceUrl: sandbox.url, expiresInSeconds: 7200 });
    expect(outcome.token.scope).toBeUndefined();
    expect(outcome.token.issuedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(sandbox.control.issuedTokens()).toEqual([outcome.token.accessToken]);

    const response = await sobjects(outcome);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ encoding: 'UTF-8' });
  });

  it('the session is revoked like an OAuth token', async () => {
    const outcome = await loginWithSoap(client, request());
    sandbox.control.revokeAllTokens();
    expect((await sobjects(outcome)).status).toBe(401);
  });

  it('uses API version 64.0, the last with login(), when none is given', async () => {
    const { apiVersion: _omitted, ...withoutVersion } = request();
    expect(await loginWithSoap(client, withoutVersion)).toMatchObject({ ok: true });
  });

  it('reports a wrong password as INVALID_LOGIN with Salesforce\'s words and a hint', async () => {
    const outcome = await loginWithSoap(client, request({ password: 'not-the-password' }));
    expect(outcome).toMatchObject({
      ok: false,
      failure: {
        step: 'token',
        kind: 'oauth_error',
        httpStatus: 500,
        error: 'INVALID_LOGIN',
        errorDescription: INVALID_LOGIN,
        message: 'Salesforce refused the login (HTTP 500: INVALID_LOGIN).',
      },
    });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/user name and password.*Reset My Security Token/);
    expect(sandbox.control.issuedTokens()).toEqual([]);
    expectNoSecret(outcome, 'not-the-password', sandbox.integrationUser.securityToken);
  });

  it('reports the right password without the token, from an address the org does not trust, as LOGIN_MUST_USE_SECURITY_TOKEN', async () => {
    const outcome = await loginWithSoap(client, request({ securityToken: '' }));
    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'oauth_error', httpStatus: 500, error: 'LOGIN_MUST_USE_SECURITY_TOKEN', errorDescription: expect.stringMatching(/company’s trusted networks/) },
    });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/enter it as the Security Token.*trusted IP ranges/);
    expectNoSecret(outcome, sandbox.integrationUser.password);

    // Once the org trusts the address, the password alone is enough.
    sandbox.control.setTrustedIpRange(true);
    expect(await loginWithSoap(client, request({ securityToken: undefined }))).toMatchObject({ ok: true });
  });

  it('logs in with a password and a token full of XML specials', async () => {
    sandbox.control.setIntegrationUser({ password: XML_PASSWORD, securityToken: `T&k<n>'"` });
    const outcome = await loginWithSoap(client, request({ password: XML_PASSWORD, securityToken: `T&k<n>'"` }));
    expect(outcome).toMatchObject({ ok: true });
    expect((await sobjects(outcome)).status).toBe(200);
  });

  it('attack: a password that is XML cannot rewrite the envelope or log in as another user', async () => {
    sandbox.control.setIntegrationUser({ username: 'victim@acme.example', password: 'v', securityToken: 'TOKEN' });
    const injected = 'x</urn:password></urn:login><urn:login><urn:username>victim@acme.example</urn:username><urn:password>vTOKEN';
    const outcome = await loginWithSoap(client, request({ username: 'attacker@acme.example', password: injected, securityToken: '' }));
    expect(outcome).toMatchObject({ ok: false, failure: { error: 'INVALID_LOGIN' } });
    expect(sandbox.control.issuedTokens()).toEqual([]);
  });

  it('reports API version 65.0, where login() is gone, with a hint naming 64.0', async () => {
    const outcome = await loginWithSoap(client, request({ apiVersion: '65.0' }));
    expect(outcome).toMatchObject({ ok: false, failure: { error: 'INVALID_OPERATION', errorDescription: expect.stringMatching(/not available in the API version specified \(65\.0\)/) } });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/Set the API version to 64\.0 or earlier/);
  });

  it('reports an injected 503 with the fault Salesforce sends', async () => {
    sandbox.control.setTokenFailure(503);
    expect(await loginWithSoap(client, request())).toMatchObject({ ok: false, failure: { kind: 'oauth_error', httpStatus: 503, error: 'SERVER_UNAVAILABLE' } });
  });

  it('attack: a login URL the policy refuses is reported without being called', async () => {
    const strict = new OutboundClient(createOutboundPolicy([]), 5_000);
    try {
      const outcome = await loginWithSoap(strict, request());
      expect(outcome).toMatchObject({ ok: false, failure: { step: 'token', kind: 'refused' } });
      expect(sandbox.control.tokenRequestCount()).toBe(0);
      expectNoSecret(outcome, sandbox.integrationUser.password, sandbox.integrationUser.securityToken);
    } finally {
      await strict.close();
    }
  });
});

/** Login endpoints written here: what Keyway sends, and what it makes of answers the sandbox never gives. */
describe('loginWithSoap against endpoints written here (loopback)', () => {
  const endpoints = loopbackEndpoints();
  afterEach(() => endpoints.close());
  const endpoint = (handler: LoopbackHandler) => endpoints.start(handler);
  const PASSWORD = 'Pa55<w&rd>"\'';
  const TOKEN = 'Tok3nXYZ0123456789abcdef';
  const request = (server: LoopbackServer, overrides: Partial<SoapLoginRequest> = {}): SoapLoginRequest => ({
    environmentUrl: server.url,
    apiVersion: '60.0',
    username: 'api@acme.example',
    password: PASSWORD,
    securityToken: TOKEN,
    ...overrides,
  });
  const xmlAnswer = (status: number, xml: string): LoopbackHandler => (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(xml);
  };
  const loginResponse = (result: string, envelope = `xmlns:soapenv="${SOAP_ENVELOPE_NS}" xmlns="${PARTNER_NS}"`) =>
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope ${envelope}><soapenv:Body><loginResponse><result>${result}</result></loginResponse></soapenv:Body></soapenv:Envelope>`;
  const fault = (code: string, faultstring: string, detail = '') =>
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>${code}</faultcode><faultstring>${faultstring}</faultstring>${detail}</soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
  const SESSION = '00D5g000004ABCD!AQ0AQH.example_session';

  it('POSTs the partner login() envelope with SOAPAction, the token appended to the password, both as XML text', async () => {
    const server = await endpoint(xmlAnswer(200, loginResponse(`<serverUrl>https://acme.my.salesforce.com/services/Soap/u/60.0/00D5g000004ABCD</serverUrl><sessionId>${SESSION}</sessionId>`)));
    const outcome = await loginWithSoap(endpoints.client, request(server, { environmentUrl: `${server.url}/ignored/path?q=1` }));
    expect(outcome).toMatchObject({ ok: true, token: { accessToken: SESSION, tokenType: 'Bearer', instanceUrl: 'https://acme.my.salesforce.com' } });

    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/services/Soap/u/60.0');
    expect(sent.headers['content-type']).toBe('text/xml; charset=UTF-8');
    expect(sent.headers.soapaction).toBe('login');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toContain('<urn:password>Pa55&lt;w&amp;rd&gt;&quot;&apos;Tok3nXYZ0123456789abcdef</urn:password>');

    const envelope = readXml(sent.body);
    expect([envelope.ns, envelope.local]).toEqual([SOAP_ENVELOPE_NS, 'Envelope']);
    const login = pathElement(envelope, SOAP_ENVELOPE_NS, 'Body')?.children[0];
    expect([login?.ns, login?.local]).toEqual([PARTNER_NS, 'login']);
    expect(login?.children.map((c) => [c.ns, c.local, c.text])).toEqual([
      [PARTNER_NS, 'username', 'api@acme.example'],
      [PARTNER_NS, 'password', PASSWORD + TOKEN],
    ]);
  });

  it('reads a loginResponse whatever its prefixes, with the lifetime from userInfo', async () => {
    const server = await endpoint(
      xmlAnswer(
        200,
        `<S:Envelope xmlns:S="${SOAP_ENVELOPE_NS}"><S:Body><p:loginResponse xmlns:p="${PARTNER_NS}"><p:result>` +
          `<p:passwordExpired>false</p:passwordExpired><p:sandbox>true</p:sandbox><p:serverUrl>https://acme--uat.sandbox.my.salesforce.com/services/Soap/u/60.0/00D</p:serverUrl>` +
          `<p:sessionId>${escapeXml('00D!a&b')}</p:sessionId><p:userInfo><p:sessionSecondsValid>3600</p:sessionSecondsValid></p:userInfo>` +
          '</p:result></p:loginResponse></S:Body></S:Envelope>',
      ),
    );
    expect(await loginWithSoap(endpoints.client, request(server))).toMatchObject({
      ok: true,
      token: { accessToken: '00D!a&b', instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com', expiresInSeconds: 3600 },
    });
  });

  it('reads a fault whose faultcode has no prefix, and keeps SOAP\'s own codes whole', async () => {
    const cases: Array<[string, string, Record<string, unknown>]> = [
      [fault('INVALID_LOGIN', INVALID_LOGIN), 'INVALID_LOGIN', { errorDescription: INVALID_LOGIN, hint: expect.stringMatching(/security token/) }],
      [fault('soapenv:Client', 'No SOAPAction header!'), 'soapenv:Client', { errorDescription: 'No SOAPAction header!', hint: undefined }],
      [
        fault('soapenv:Server', 'API_DISABLED_FOR_ORG: API is not enabled for this Organization or Partner', '<detail><sf:UnexpectedErrorFault><sf:exceptionCode>API_DISABLED_FOR_ORG</sf:exceptionCode></sf:UnexpectedErrorFault></detail>'),
        'API_DISABLED_FOR_ORG',
        { hint: expect.stringMatching(/"API Enabled"/) },
      ],
    ];
    for (const [xml, error, rest] of cases) {
      const server = await endpoint(xmlAnswer(500, xml));
      const outcome = await loginWithSoap(endpoints.client, request(server));
      expect(outcome).toMatchObject({ ok: false, failure: { kind: 'oauth_error', httpStatus: 500, error, ...rest } });
    }
  });

  it('passes a Retry-After on', async () => {
    const server = await endpoint((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/xml', 'retry-after': '120' });
      res.end(fault('sf:SERVER_UNAVAILABLE', 'SERVER_UNAVAILABLE: down for maintenance'));
    });
    expect(await loginWithSoap(endpoints.client, request(server))).toMatchObject({ ok: false, retryAfter: '120', failure: { httpStatus: 503 } });
  });

  it('reports an expired password as a failure: the session could only set a new one', async () => {
    const server = await endpoint(xmlAnswer(200, loginResponse(`<passwordExpired>true</passwordExpired><serverUrl>https://acme.my.salesforce.com/services/Soap/u/60.0/00D</serverUrl><sessionId>${SESSION}</sessionId>`)));
    const outcome = await loginWithSoap(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'oauth_error', httpStatus: 200, message: expect.stringMatching(/password has expired/), hint: expect.stringMatching(/set a new one/) } });
    expect(JSON.stringify(outcome)).not.toContain(SESSION);
  });

  it.each([
    ['no serverUrl', loginResponse(`<sessionId>${SESSION}</sessionId>`)],
    ['a serverUrl that is not http(s)', loginResponse(`<serverUrl>javascript:alert(1)</serverUrl><sessionId>${SESSION}</sessionId>`)],
  ])('reports a login result with %s as invalid_response, without the session id', async (_what, xml) => {
    const server = await endpoint(xmlAnswer(200, xml));
    const outcome = await loginWithSoap(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'invalid_response', httpStatus: 200, message: expect.stringMatching(/no usable serverUrl/) } });
    expect(JSON.stringify(outcome)).not.toContain(SESSION);
  });

  it.each([
    ['a loginResponse of the enterprise WSDL', loginResponse(`<serverUrl>https://a.example</serverUrl><sessionId>${SESSION}</sessionId>`, `xmlns:soapenv="${SOAP_ENVELOPE_NS}" xmlns="urn:enterprise.soap.sforce.com"`)],
    ['a SOAP 1.2 envelope', loginResponse(`<serverUrl>https://a.example</serverUrl><sessionId>${SESSION}</sessionId>`, `xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope" xmlns="${PARTNER_NS}"`)],
    ['an empty sessionId', loginResponse('<serverUrl>https://a.example</serverUrl><sessionId> </sessionId>')],
    ['an HTML page', '<!doctype html><html><body>Salesforce</body></html>'],
    ['JSON', JSON.stringify({ access_token: 'x' })],
    ['nothing', ''],
  ])('reports a 200 with %s as invalid_response', async (_what, body) => {
    const server = await endpoint(xmlAnswer(200, body));
    const outcome = await loginWithSoap(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { step: 'token', kind: 'invalid_response', httpStatus: 200, hint: expect.stringMatching(/environment URL/) } });
  });

  it('reports an answer that is neither a result nor a fault as http_error, with what it said', async () => {
    const server = await endpoint((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    });
    expect(await loginWithSoap(endpoints.client, request(server))).toMatchObject({
      ok: false,
      failure: { kind: 'http_error', httpStatus: 404, message: 'The login endpoint answered HTTP 404 without a SOAP fault. It said: Not Found' },
    });
  });

  it('throws RangeError for an environment URL or API version it cannot build a URL from, and sends nothing', async () => {
    const server = await endpoint(xmlAnswer(200, ''));
    for (const overrides of [{ environmentUrl: 'acme.my.salesforce.com' }, { environmentUrl: 'ftp://acme.example' }, { apiVersion: '60.0/../../x' }, { apiVersion: 'v60' }, { apiVersion: '' }]) {
      await expect(loginWithSoap(endpoints.client, request(server, overrides))).rejects.toThrow(RangeError);
    }
    expect(server.connections).toBe(0);
    expect(soapLoginUrl('https://acme.my.salesforce.com/')).toBe('https://acme.my.salesforce.com/services/Soap/u/64.0');
  });

  it('attack: a fault that echoes the password, the token and the envelope has them all redacted', async () => {
    const server = await endpoint((req, res) => {
      const login = childElement(pathElement(readXml(req.body), SOAP_ENVELOPE_NS, 'Body'), PARTNER_NS, 'login');
      const sent = childElement(login, PARTNER_NS, 'password')?.text ?? '';
      const echo = `raw ${req.body} | decoded ${sent} | password ${PASSWORD} | token ${TOKEN} | uri ${encodeURIComponent(sent)}`;
      res.writeHead(500, { 'content-type': 'text/xml' });
      res.end(fault(`sf:${escapeXml(sent)}`, escapeXml(echo), `<detail><sf:LoginFault><sf:exceptionCode>${escapeXml(TOKEN)}</sf:exceptionCode></sf:LoginFault></detail>`));
    });
    const outcome = await loginWithSoap(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'oauth_error', httpStatus: 500 } });
    expect(childElement(childElement(pathElement(readXml(server.requests[0]!.body), SOAP_ENVELOPE_NS, 'Body'), PARTNER_NS, 'login'), PARTNER_NS, 'password')?.text).toBe(PASSWORD + TOKEN);
    expectNoSecret(outcome, PASSWORD, TOKEN, PASSWORD + TOKEN);
    expect(JSON.stringify(outcome)).not.toContain(encodeURIComponent(PASSWORD + TOKEN));
    if (outcome.ok) return;
    expect(outcome.failure.error).toBe('[redacted]');
    expect(outcome.failure.errorDescription).toMatch(/^raw .*\[redacted\].* \| decoded \[redacted\] \| password \[redacted\] \| token \[redacted\] \| uri \[redacted\]$/);
  });

  it('attack: an error page that echoes the request has the password redacted in every form it was sent in', async () => {
    for (const status of [400, 502, 200]) {
      const server = await endpoint((req, res) => {
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(`<html><body><p>${PASSWORD}</p><p>${escapeXml(PASSWORD)}</p><pre>${req.body}</pre></body></html>`);
      });
      const outcome = await loginWithSoap(endpoints.client, request(server));
      expect(outcome.ok).toBe(false);
      expectNoSecret(outcome, PASSWORD, TOKEN, PASSWORD + TOKEN);
      if (status !== 200) expect(JSON.stringify(outcome)).toContain('[redacted]');
    }
  });

  it('attack: a 302 from the login endpoint is reported as http_error, not followed, and an echoed password in its Location is redacted', async () => {
    const elsewhere = await endpoint(xmlAnswer(200, loginResponse(`<serverUrl>https://evil.example</serverUrl><sessionId>${SESSION}</sessionId>`)));
    const server = await endpoint((req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/login?echo=${encodeURIComponent(req.body)}&p=${PASSWORD}` });
      res.end();
    });
    const outcome = await loginWithSoap(endpoints.client, request(server));
    expect(outcome).toMatchObject({
      ok: false,
      failure: { step: 'token', kind: 'http_error', httpStatus: 302, message: expect.stringMatching(/^The login endpoint answered with a redirect to .*, which is not followed for logins\.$/), hint: expect.stringMatching(/MyDomain/) },
    });
    expect(elsewhere.connections).toBe(0);
    expectNoSecret(outcome, PASSWORD, TOKEN, PASSWORD + TOKEN);
    expect(JSON.stringify(outcome)).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('attack: a login response with a DOCTYPE and entity definitions is refused without expanding them', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const server = await endpoint(
      xmlAnswer(200, `<?xml version="1.0"?><!DOCTYPE soapenv:Envelope [<!ENTITY l0 "lol">${entities}]>${loginResponse('<serverUrl>https://a.example</serverUrl><sessionId>&l9;</sessionId>')}`),
    );
    const started = performance.now();
    const outcome = await loginWithSoap(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'invalid_response', httpStatus: 200 } });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(JSON.stringify(outcome)).not.toContain('lollol');
  });

  it('fault: a login response over 64 KiB is reported as invalid_response without being read whole', async () => {
    const server = await endpoint((_req, res) => {
      res.on('error', () => {});
      res.end(loginResponse(`<serverUrl>https://a.example</serverUrl><sessionId>${'x'.repeat(200 * 1024)}</sessionId>`));
    });
    const outcome = await loginWithSoap(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { step: 'token', kind: 'invalid_response', message: expect.stringMatching(/larger than 64 KiB/) } });
  });

  it('fault: a login endpoint that does not answer in time is reported as a timeout', async () => {
    const server = await endpoint(() => {});
    const outcome = await loginWithSoap(endpoints.client, request(server, { timeoutMs: 200 }));
    expect(outcome).toMatchObject({ ok: false, failure: { step: 'token', kind: 'timeout' } });
    expectNoSecret(outcome, PASSWORD, TOKEN);
  });

  it('fault: an unreachable login endpoint is reported as a network failure', async () => {
    const server = await endpoint((_req, res) => res.end());
    await server.close();
    const outcome = await loginWithSoap(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { step: 'token', kind: 'network', message: expect.stringMatching(/refused/) } });
  });
});

describe('soapLoginEnvelope', () => {
  it('is the partner WSDL\'s login() with the values as XML text', () => {
    expect(soapLoginEnvelope('a&b@example.com', XML_PASSWORD)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com"><soapenv:Body><urn:login>' +
        '<urn:username>a&amp;b@example.com</urn:username><urn:password>p&lt;&amp;&quot;&apos;&gt;w&lt;/urn:password&gt;d</urn:password></urn:login></soapenv:Body></soapenv:Envelope>',
    );
  });
});
