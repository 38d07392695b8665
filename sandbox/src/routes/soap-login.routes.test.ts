import { describe, expect, it } from 'vitest';
import { api, logLines, loginEnvelope, soap, soapLogin, useSandbox, xmlField } from '../test-support';

const sandbox = useSandbox();

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const INVALID_LOGIN = 'INVALID_LOGIN: Invalid username, password, security token; or user locked out.';

/** Checks a fault as Salesforce writes it: HTTP 500, sf:<code>, "<code>: <message>", the code again in the detail. */
async function expectFault(p: ReturnType<typeof soap>, code: string, faultstring: string | RegExp, detailType = 'LoginFault', status = 500) {
  const { res, xml } = await p;
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/xml; charset=utf-8/);
  expect(xml).toContain(`<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:sf="urn:fault.partner.soap.sforce.com"`);
  expect(xmlField(xml, 'faultcode')).toBe(`sf:${code}`);
  if (typeof faultstring === 'string') expect(xmlField(xml, 'faultstring')).toBe(faultstring);
  else expect(xmlField(xml, 'faultstring')).toMatch(faultstring);
  expect(xml).toContain(`<sf:${detailType} xsi:type="sf:${detailType}"><sf:exceptionCode>${code}</sf:exceptionCode>`);
}

async function expectClientFault(p: ReturnType<typeof soap>, faultstring: string | RegExp) {
  const { res, xml } = await p;
  expect(res.status).toBe(500);
  expect(xmlField(xml, 'faultcode')).toBe('soapenv:Client');
  expect(xmlField(xml, 'faultstring')).toMatch(faultstring);
}

describe('SOAP API login()', () => {
  it('answers a loginResponse of the partner WSDL, with a session the REST API takes as a Bearer token', async () => {
    const { res, xml } = await soapLogin();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml; charset=utf-8/);
    expect(xml).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns="urn:partner.soap.sforce.com"`));
    expect(xml).toContain('<soapenv:Body><loginResponse><result><metadataServerUrl>');

    const sessionId = xmlField(xml, 'sessionId')!;
    const org = xmlField(xml, 'organizationId')!;
    expect(sessionId).toMatch(/^00D[A-Za-z0-9]{15}![A-Za-z0-9_-]{40,}$/);
    expect(sessionId.startsWith(`${org}!`)).toBe(true);
    expect(xmlField(xml, 'serverUrl')).toBe(`${sandbox.url}/services/Soap/u/60.0/${org.slice(0, 15)}`);
    expect(xmlField(xml, 'metadataServerUrl')).toBe(`${sandbox.url}/services/Soap/m/60.0/${org.slice(0, 15)}`);
    expect(xmlField(xml, 'passwordExpired')).toBe('false');
    expect(xmlField(xml, 'sandbox')).toBe('false');
    expect(xmlField(xml, 'userId')).toMatch(/^005[A-Za-z0-9]{15}$/);
    expect(xmlField(xml, 'sessionSecondsValid')).toBe('7200');
    expect(xmlField(xml, 'userName')).toBe(sandbox.integrationUser.username);
    expect(xml).toContain('<roleId xsi:nil="true"/>');

    expect((await api('/services/data/v60.0/sobjects', sessionId)).status).toBe(200);
    expect(sandbox.control.issuedTokens()).toEqual([sessionId]);
    expect(sandbox.control.tokenRequestCount()).toBe(1);
  });

  it('compares the user name without regard to case, and starts a new session at each login', async () => {
    const a = xmlField((await soapLogin(undefined, sandbox.integrationUser.username.toUpperCase())).xml, 'sessionId');
    const b = xmlField((await soapLogin()).xml, 'sessionId');
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
  });

  it('answers INVALID_LOGIN for a wrong password, a wrong token and an unknown user alike', async () => {
    const { username, password, securityToken } = sandbox.integrationUser;
    await expectFault(soapLogin('wrong' + securityToken), 'INVALID_LOGIN', INVALID_LOGIN);
    await expectFault(soapLogin(password + 'WRONGTOKEN'), 'INVALID_LOGIN', INVALID_LOGIN);
    await expectFault(soapLogin(password + securityToken, 'nobody@example.com'), 'INVALID_LOGIN', INVALID_LOGIN);
    await expectFault(soapLogin(''), 'INVALID_LOGIN', INVALID_LOGIN);
    await expectFault(soap(loginEnvelope(username, password).replace(/<n1:password>.*<\/n1:password>/, '')), 'INVALID_LOGIN', INVALID_LOGIN);
    expect(sandbox.control.issuedTokens()).toEqual([]);
  });

  it('answers LOGIN_MUST_USE_SECURITY_TOKEN for the right password without the token, unless the org trusts the address', async () => {
    const { password, securityToken } = sandbox.integrationUser;
    await expectFault(
      soapLogin(password),
      'LOGIN_MUST_USE_SECURITY_TOKEN',
      /^LOGIN_MUST_USE_SECURITY_TOKEN: Invalid username, password, security token; or user locked out\. Are you at a new location\? .*company’s trusted networks, you must add a security token to your password .*Reset My Security Token\.$/,
    );
    sandbox.control.setTrustedIpRange(true);
    expect((await soapLogin(password)).res.status).toBe(200);
    // From a trusted address the token is not needed, but still accepted.
    expect((await soapLogin(password + securityToken)).res.status).toBe(200);
    await expectFault(soapLogin('wrong'), 'INVALID_LOGIN', INVALID_LOGIN);
  });

  it('takes a password of XML specials, however the envelope escapes it', async () => {
    const password = `<&"'> ]]> </n1:password>`;
    sandbox.control.setIntegrationUser({ password, securityToken: 'TOKEN&1' });
    expect((await soapLogin(`${password}TOKEN&1`)).res.status).toBe(200);
    const { username } = sandbox.integrationUser;
    const named = `&lt;&amp;&quot;&apos;&gt; ]]&gt; &lt;/n1:password&gt;TOKEN&amp;1`;
    const envelope = (value: string) => loginEnvelope(username, 'PLACEHOLDER').replace('PLACEHOLDER', value);
    expect((await soap(envelope(named))).res.status).toBe(200);
    expect((await soap(envelope(`<![CDATA[<&"'> ]]>]]&gt;<![CDATA[ </n1:password>TOKEN&1]]>`))).res.status).toBe(200);
    // Unescaped, the same characters are not XML at all.
    await expectClientFault(soap(envelope(`${password}TOKEN&1`)), /./);
  });

  it.each(['31.0', '64.0'])('logs in with API version %s', async (version) => {
    const { res, xml } = await soapLogin(undefined, undefined, version);
    expect(res.status).toBe(200);
    expect(xmlField(xml, 'serverUrl')).toMatch(new RegExp(`/services/Soap/u/${version.replace('.', '\\.')}/00D`));
  });

  it('refuses login() from API version 65.0 on, as Salesforce does', async () => {
    await expectFault(
      soapLogin(undefined, undefined, '65.0'),
      'INVALID_OPERATION',
      'INVALID_OPERATION: The SOAP Login operation is not available in the API version specified (65.0). Refer to the documentation for supported versions.',
      'UnexpectedErrorFault',
    );
  });

  it.each(['30.0', '66.0', '60', 'v60.0', 'latest'])('answers UNSUPPORTED_API_VERSION for version %j', async (version) => {
    await expectFault(soapLogin(undefined, undefined, version), 'UNSUPPORTED_API_VERSION', 'UNSUPPORTED_API_VERSION: Invalid Api version specified on URL', 'UnexpectedErrorFault');
  });

  it('answers the SOAP stack\'s own faults for what is not a SOAP login() request', async () => {
    const { username, password, securityToken } = sandbox.integrationUser;
    const good = loginEnvelope(username, password + securityToken);
    const soapAction = await fetch(`${sandbox.url}/services/Soap/u/60.0`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: good });
    await expectClientFault(Promise.resolve({ res: soapAction, xml: await soapAction.text() }), 'No SOAPAction header!');
    // '""' is the other SOAPAction Salesforce takes.
    expect((await soap(good, '60.0', { soapaction: '""' })).res.status).toBe(200);
    await expectClientFault(soap(good, '60.0', { 'content-type': 'application/json' }), /text\/xml/);
    await expectClientFault(soap(''), 'Premature end of file.');
    await expectClientFault(soap(good.replace('</env:Body></env:Envelope>', '')), /start and end within the same entity/);
    await expectClientFault(soap(good.slice(0, -20)), 'Unexpected character in markup.');
    await expectClientFault(soap(`<!DOCTYPE x [<!ENTITY a "b">]>${good}`), /DOCTYPE is disallowed/);
    await expectClientFault(soap(good.replace('<n1:password>', '<n1:password>&nbsp;')), /The entity &quot;nbsp&quot; was referenced, but not declared/);
    await expectClientFault(
      soap(good.replaceAll('urn:partner.soap.sforce.com', 'urn:enterprise.soap.sforce.com')),
      'No operation available for request {urn:enterprise.soap.sforce.com}login, please check the WSDL for the service.',
    );
    await expectClientFault(soap(good.replaceAll(SOAP_ENV, 'http://www.w3.org/2003/05/soap-envelope')), /SOAP 1\.1 envelope/);
    expect(sandbox.control.issuedTokens()).toHaveLength(1);
  });

  it('answers an injected failure as a fault with its status', async () => {
    sandbox.control.setTokenFailure(503);
    await expectFault(soapLogin(), 'SERVER_UNAVAILABLE', 'SERVER_UNAVAILABLE: injected sandbox failure', 'UnexpectedErrorFault', 503);
    sandbox.control.setTokenFailure(500);
    await expectFault(soapLogin(), 'UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION: injected sandbox failure', 'UnexpectedErrorFault');
    expect(sandbox.control.tokenRequestCount()).toBe(2);
    expect(sandbox.control.issuedTokens()).toEqual([]);
  });

  it('logs method, path and status only: no password, token or session id', async () => {
    const { password, securityToken } = sandbox.integrationUser;
    const sessionId = xmlField((await soapLogin()).xml, 'sessionId')!;
    await soapLogin(password);
    const log = logLines.join('\n');
    expect(log).toContain('POST /services/Soap/u/60.0 200');
    expect(log).toContain('POST /services/Soap/u/60.0 500');
    for (const secret of [password, securityToken, sessionId]) expect(log).not.toContain(secret);
  });
});

describe('login() sessions are revoked like OAuth access tokens', () => {
  const logoutEnvelope = (sessionId: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:urn="urn:partner.soap.sforce.com"><soapenv:Header><urn:SessionHeader><urn:sessionId>${sessionId}</urn:sessionId></urn:SessionHeader></soapenv:Header><soapenv:Body><urn:logout/></soapenv:Body></soapenv:Envelope>`;

  it('by revoke-all', async () => {
    const sessionId = xmlField((await soapLogin()).xml, 'sessionId')!;
    sandbox.control.revokeAllTokens();
    const res = await api('/services/data/v60.0/sobjects', sessionId);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('by logout(), at the login URL or at serverUrl; a second logout() finds the session gone', async () => {
    for (const at of ['login URL', 'serverUrl']) {
      const { xml } = await soapLogin();
      const sessionId = xmlField(xml, 'sessionId')!;
      const url = at === 'serverUrl' ? xmlField(xml, 'serverUrl')! : `${sandbox.url}/services/Soap/u/60.0`;
      const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml', soapaction: '""' }, body: logoutEnvelope(sessionId) });
      const out = await post();
      expect(out.status).toBe(200);
      expect(await out.text()).toContain('<soapenv:Body><logoutResponse/></soapenv:Body>');
      expect((await api('/services/data/v60.0/sobjects', sessionId)).status).toBe(401);
      const again = await post();
      await expectFault(
        Promise.resolve({ res: again, xml: await again.text() }),
        'INVALID_SESSION_ID',
        'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session',
        'UnexpectedErrorFault',
      );
    }
  });

  it('serverUrl belongs to this org only', async () => {
    const sessionId = xmlField((await soapLogin()).xml, 'sessionId')!;
    const res = await fetch(`${sandbox.url}/services/Soap/u/60.0/00D000000000000`, { method: 'POST', headers: { 'content-type': 'text/xml', soapaction: '""' }, body: logoutEnvelope(sessionId) });
    expect(res.status).toBe(404);
    expect((await api('/services/data/v60.0/sobjects', sessionId)).status).toBe(200);
  });
});
