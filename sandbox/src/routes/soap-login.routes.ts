import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { OrgState } from '../org-state';
import { apiFault, child, clientFault, escape, parseXml, PARTNER_NS, SOAP_ENV, SoapClientError, soapResponse, type Element } from '../soap-envelope';

/**
 * The SOAP API's login() and logout() at /services/Soap/u/<version> (the partner WSDL), as
 * Salesforce answers them: login() checks the integration user's password, with the security
 * token appended unless the org's trusted IP ranges include the caller, and starts a session
 * whose id the REST data API takes as a Bearer token, like an OAuth access token. Faults are
 * HTTP 500 with Salesforce's codes and faultstrings.
 */

/** API versions whose SOAP API has login(): it went away with 65.0 (Winter '26). */
const FIRST_VERSION = 31;
const LAST_LOGIN_VERSION = 64;
/** The newest version the fake org knows, as its REST API lists them. */
const CURRENT_VERSION = 65;
/** Salesforce's default session timeout: two hours. */
const SESSION_SECONDS = 7200;

const INVALID_LOGIN = 'Invalid username, password, security token; or user locked out.';
const MUST_USE_TOKEN =
  'Invalid username, password, security token; or user locked out. Are you at a new location? When accessing Salesforce--either via a desktop client or the API--from outside of your company’s trusted networks, you must add a security token to your password to log in. To get your new security token, log in to Salesforce. From your personal settings, enter Reset My Security Token in the Quick Find box, then select Reset My Security Token.';

// Comparing digests keeps the comparison constant-time even when lengths differ.
function secretsEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function sendXml(res: Response, status: number, xml: string): void {
  res.status(status).set('Cache-Control', 'no-store').type('text/xml; charset=utf-8').send(xml);
}

class ApiFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detailType: 'LoginFault' | 'UnexpectedErrorFault' = 'UnexpectedErrorFault',
  ) {
    super(message);
  }
}

/** Mounted at /services/Soap/u. */
export function soapLoginRoutes(org: OrgState): Router {
  function login(operation: Element, version: number): string {
    if (version > LAST_LOGIN_VERSION) {
      throw new ApiFault(
        'INVALID_OPERATION',
        `The SOAP Login operation is not available in the API version specified (${version.toFixed(1)}). Refer to the documentation for supported versions.`,
      );
    }
    const username = child(operation, PARTNER_NS, 'username')?.text ?? '';
    const given = child(operation, PARTNER_NS, 'password')?.text ?? '';
    const user = org.integrationUser;
    // Salesforce compares user names without regard to case, and never says which part was wrong.
    if (username.trim().toLowerCase() !== user.username.toLowerCase()) throw new ApiFault('INVALID_LOGIN', INVALID_LOGIN, 'LoginFault');
    const withToken = secretsEqual(given, user.password + user.securityToken);
    const withoutToken = secretsEqual(given, user.password);
    if (!withToken && !(withoutToken && org.trustedIpRange)) {
      // The right password from an address the org does not trust: the token is what is missing.
      if (withoutToken) throw new ApiFault('LOGIN_MUST_USE_SECURITY_TOKEN', MUST_USE_TOKEN, 'LoginFault');
      throw new ApiFault('INVALID_LOGIN', INVALID_LOGIN, 'LoginFault');
    }

    const sessionId = `${org.orgId}!${randomBytes(72).toString('base64url')}`;
    org.activeTokens.set(sessionId, `login():${user.userId}`);
    org.issued.push(sessionId);
    // Salesforce writes the 15-character org id into these URLs.
    const v = version.toFixed(1);
    const orgId15 = org.orgId.slice(0, 15);
    const fields: Array<[string, string | number | boolean | null]> = [
      ['accessibilityMode', false],
      ['currencySymbol', '$'],
      ['orgAttachmentFileSizeLimit', 5242880],
      ['orgDefaultCurrencyIsoCode', 'USD'],
      ['orgDisallowHtmlAttachments', false],
      ['orgHasPersonAccounts', false],
      ['organizationId', org.orgId],
      ['organizationMultiCurrency', false],
      ['organizationName', 'Keyway Sandbox'],
      ['profileId', user.profileId],
      ['roleId', null],
      ['sessionSecondsValid', SESSION_SECONDS],
      ['userDefaultCurrencyIsoCode', null],
      ['userEmail', user.username],
      ['userFullName', 'Integration User'],
      ['userId', user.userId],
      ['userLanguage', 'en_US'],
      ['userLocale', 'en_US'],
      ['userName', user.username],
      ['userTimeZone', 'America/Los_Angeles'],
      ['userType', 'Standard'],
      ['userUiSkin', 'Theme3'],
    ];
    const userInfo = fields.map(([name, value]) => (value === null ? `<${name} xsi:nil="true"/>` : `<${name}>${escape(String(value))}</${name}>`)).join('');
    return soapResponse(
      '<loginResponse><result>' +
        `<metadataServerUrl>${escape(`${org.baseUrl}/services/Soap/m/${v}/${orgId15}`)}</metadataServerUrl>` +
        '<passwordExpired>false</passwordExpired>' +
        '<sandbox>false</sandbox>' +
        `<serverUrl>${escape(`${org.baseUrl}/services/Soap/u/${v}/${orgId15}`)}</serverUrl>` +
        `<sessionId>${escape(sessionId)}</sessionId>` +
        `<userId>${user.userId}</userId>` +
        `<userInfo>${userInfo}</userInfo>` +
        '</result></loginResponse>',
    );
  }

  function logout(header: Element | undefined): string {
    const sessionId = child(child(header, PARTNER_NS, 'SessionHeader'), PARTNER_NS, 'sessionId')?.text.trim() ?? '';
    if (!org.activeTokens.delete(sessionId)) {
      throw new ApiFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
    }
    return soapResponse('<logoutResponse/>');
  }

  const handle = (req: Request, res: Response) => {
    org.tokenRequests += 1;
    if (org.tokenFailure !== null) {
      const code = org.tokenFailure === 503 ? 'SERVER_UNAVAILABLE' : 'UNKNOWN_EXCEPTION';
      return sendXml(res, org.tokenFailure, apiFault(code, 'injected sandbox failure', 'UnexpectedErrorFault'));
    }
    try {
      // The SOAP stack's own checks come first, as in Salesforce: the header, then the envelope.
      if (req.get('soapaction') === undefined) throw new SoapClientError('No SOAPAction header!');
      if (!req.is('text/xml')) throw new SoapClientError('Content-Type must be text/xml for SOAP 1.1');
      const envelope = parseXml(typeof req.body === 'string' ? req.body : '');
      if (envelope.ns !== SOAP_ENV || envelope.name !== 'Envelope') throw new SoapClientError('Unable to find a SOAP 1.1 envelope.');
      const operation = child(envelope, SOAP_ENV, 'Body')?.children[0];
      if (!operation) throw new SoapClientError('Unable to find the operation in the SOAP body.');

      const match = /^(\d{1,3})\.0$/.exec(String(req.params.version));
      const version = match ? Number(match[1]) : NaN;
      if (!(version >= FIRST_VERSION && version <= CURRENT_VERSION)) throw new ApiFault('UNSUPPORTED_API_VERSION', 'Invalid Api version specified on URL');

      const known = operation.ns === PARTNER_NS && (operation.name === 'login' || operation.name === 'logout');
      if (!known) throw new SoapClientError(`No operation available for request {${operation.ns}}${operation.name}, please check the WSDL for the service.`);
      const answer = operation.name === 'login' ? login(operation, version) : logout(child(envelope, SOAP_ENV, 'Header'));
      sendXml(res, 200, answer);
    } catch (err) {
      if (err instanceof ApiFault) return sendXml(res, 500, apiFault(err.code, err.message, err.detailType));
      if (err instanceof SoapClientError) return sendXml(res, 500, clientFault(err.message));
      throw err;
    }
  };

  const router = express.Router();
  // Raw text of any type, so that the content type is checked here rather than the body dropped.
  const body = express.text({ type: () => true, limit: '16kb' });
  router.post('/:version', body, handle);
  // serverUrl, where a client sends its calls after login(): the version and the org's id.
  router.post('/:version/:orgId', body, (req, res, next) => {
    const orgId = String(req.params.orgId);
    return orgId.length >= 15 && org.orgId.startsWith(orgId) ? handle(req, res) : next();
  });
  return router;
}
