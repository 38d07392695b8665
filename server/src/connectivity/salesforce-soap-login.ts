import { SOAP_LOGIN_LAST_API_VERSION, soapLoginFaultHint, type ConnectionTestFailure } from '@keyway/shared';
import type { OutboundClient } from '../outbound/outbound-client';
import { clip, redactSecrets, sentCredentials } from './redaction';
import { escapeXml, pathElement, readSoapBody, readXml, XmlReadError, type XmlElement } from './soap-xml';
import { outboundFailure, type TokenExchangeOutcome } from './token-exchange';

/**
 * Salesforce's "Basic Authentication" of Adobe Flow Service: the SOAP API login() call with a
 * user name and a password (the security token appended). Deprecated by Salesforce: login() is
 * absent from API version 65.0 on and retired in every version with the Summer '27 release.
 */

/** The partner WSDL's namespace, that of /services/Soap/u/. */
export const PARTNER_NS = 'urn:partner.soap.sforce.com';
const MAX_LOGIN_RESPONSE_BYTES = 64 * 1024;
/** SOAP 1.1 §4.4.1: the fault codes of SOAP itself, as opposed to Salesforce's. */
const SOAP_FAULT_CODES = new Set(['VersionMismatch', 'MustUnderstand', 'Client', 'Server']);
/** "60.0": what /services/Soap/u/<version> takes. */
const API_VERSION = /^[1-9]\d{0,2}\.\d$/;

export interface SoapLoginRequest {
  /** The org's origin: https://<MyDomain>.my.salesforce.com, https://login.salesforce.com or https://test.salesforce.com. A path is ignored. */
  environmentUrl: string;
  /** Such as "60.0"; the last one with login(), 64.0, when absent. */
  apiVersion?: string;
  username: string;
  password: string;
  /** Appended to the password; empty or absent when the org trusts Keyway's address. */
  securityToken?: string;
  /** For the whole call; the outbound client's own timeout when absent. */
  timeoutMs?: number;
}

/** The login() envelope of the partner WSDL, with the user name and password escaped as XML text. */
export function soapLoginEnvelope(username: string, password: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="${PARTNER_NS}">` +
    '<soapenv:Body><urn:login>' +
    `<urn:username>${escapeXml(username)}</urn:username>` +
    `<urn:password>${escapeXml(password)}</urn:password>` +
    '</urn:login></soapenv:Body></soapenv:Envelope>'
  );
}

/** Where login() is POSTed: <origin>/services/Soap/u/<version>. Throws RangeError for a URL or version it cannot use. */
export function soapLoginUrl(environmentUrl: string, apiVersion = SOAP_LOGIN_LAST_API_VERSION): string {
  let origin: string;
  try {
    const url = new URL(environmentUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
    origin = url.origin;
  } catch {
    throw new RangeError('the environment URL must be an http(s) origin such as https://acme.my.salesforce.com');
  }
  if (!API_VERSION.test(apiVersion)) throw new RangeError('the API version must look like "60.0"');
  return `${origin}/services/Soap/u/${apiVersion}`;
}

/** What login() answered that Keyway uses, read from a loginResponse. */
export interface SoapLoginResult {
  sessionId: string;
  serverUrl: string;
  passwordExpired: boolean;
  sandbox?: boolean;
  userId?: string;
  organizationId?: string;
  sessionSecondsValid?: number;
}

/** Reads a loginResponse element of the partner namespace; undefined when it is not one or lacks a sessionId. */
export function readLoginResult(content: XmlElement): SoapLoginResult | undefined {
  if (content.ns !== PARTNER_NS || content.local !== 'loginResponse') return undefined;
  const result = pathElement(content, PARTNER_NS, 'result');
  const field = (...path: string[]) => pathElement(result, PARTNER_NS, ...path)?.text.trim();
  const sessionId = field('sessionId');
  if (!sessionId) return undefined;
  const seconds = field('userInfo', 'sessionSecondsValid');
  return {
    sessionId,
    serverUrl: field('serverUrl') ?? '',
    passwordExpired: field('passwordExpired') === 'true',
    sandbox: field('sandbox') === undefined ? undefined : field('sandbox') === 'true',
    userId: field('userId') || undefined,
    organizationId: field('userInfo', 'organizationId') || undefined,
    sessionSecondsValid: seconds && /^\d{1,9}$/.test(seconds) ? Number(seconds) : undefined,
  };
}

/**
 * Logs in with SOAP API login() and answers as a token exchange does: the session id is the
 * access token (Salesforce's REST API takes it as a Bearer token), the origin of serverUrl the
 * instance URL. A SOAP fault becomes the failure a token endpoint's OAuth error does, with
 * Salesforce's code and faultstring verbatim and a hint. Nothing sent that carries the password
 * or the token, in any form it went out in, is ever part of what comes back.
 * Throws RangeError for an environment URL or API version it cannot build a URL from.
 */
export async function loginWithSoap(client: OutboundClient, req: SoapLoginRequest): Promise<TokenExchangeOutcome> {
  const url = soapLoginUrl(req.environmentUrl, req.apiVersion);
  const token = req.securityToken ?? '';
  const password = req.password + token;
  // Each secret alone, joined, and as XML text: a server may echo the envelope, or its values decoded.
  // The longest go first, so that an echo of the whole is redacted as one.
  const forms = new Set([password, req.password, token].flatMap((secret) => [escapeXml(secret), secret]));
  const sentSecrets = sentCredentials([...forms].sort((a, b) => b.length - a.length));
  const scrub = (text: string, max?: number) => clip(redactSecrets(text, sentSecrets), max);

  let response;
  try {
    // The outbound client never follows a POST's redirect: the password must not go where a 30x points.
    response = await client.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: 'login', accept: 'text/xml' },
      body: soapLoginEnvelope(req.username, password),
      maxBytes: MAX_LOGIN_RESPONSE_BYTES,
      timeoutMs: req.timeoutMs,
    });
  } catch (error) {
    return outboundFailure(error);
  }

  const { status, durationMs } = response;
  const retryAfter = response.headers['retry-after'];
  const fail = (failure: Omit<ConnectionTestFailure, 'step'>): TokenExchangeOutcome => ({
    ok: false,
    durationMs,
    retryAfter,
    failure: { step: 'token', httpStatus: status, ...failure },
  });

  let body;
  try {
    body = readSoapBody(readXml(response.body));
  } catch (error) {
    if (!(error instanceof XmlReadError)) throw error;
    body = undefined;
  }

  if (body && 'fault' in body) {
    const { faultCode, faultString, exceptionCode } = body.fault;
    // "sf:INVALID_LOGIN" names Salesforce's ExceptionCode, shown without its prefix; SOAP's own codes ("soapenv:Client") stay whole.
    const local = faultCode.replace(/^[^:]*:/, '');
    const code = exceptionCode || (SOAP_FAULT_CODES.has(local) ? faultCode : local) || 'UNKNOWN';
    const error = scrub(code, 100);
    const errorDescription = faultString ? scrub(faultString) : undefined;
    return fail({
      kind: 'oauth_error',
      error,
      errorDescription,
      message: `Salesforce refused the login (HTTP ${status}: ${error}).`,
      hint: soapLoginFaultHint(error, errorDescription),
    });
  }

  const result = body && status >= 200 && status < 300 ? readLoginResult(body.content) : undefined;
  if (result) {
    let instanceUrl: string;
    try {
      const server = new URL(result.serverUrl);
      if (server.protocol !== 'https:' && server.protocol !== 'http:') throw new Error();
      instanceUrl = server.origin;
    } catch {
      return fail({
        kind: 'invalid_response',
        message: `Salesforce logged the user in but gave no usable serverUrl${result.serverUrl ? ` ("${scrub(result.serverUrl, 200)}")` : ''}.`,
      });
    }
    if (result.passwordExpired) {
      return fail({
        kind: 'oauth_error',
        message: 'Salesforce accepted the login, but the password has expired: the session may only set a new password.',
        hint: soapLoginFaultHint('INVALID_OPERATION_WITH_EXPIRED_PASSWORD', undefined),
      });
    }
    return {
      ok: true,
      httpStatus: status,
      durationMs,
      token: {
        accessToken: result.sessionId,
        tokenType: 'Bearer',
        instanceUrl,
        issuedAt: new Date(),
        expiresInSeconds: result.sessionSecondsValid,
      },
    };
  }

  if (status >= 300 && status < 400) {
    const location = response.headers.location ? ` to ${scrub(response.headers.location, 200)}` : '';
    return fail({
      kind: 'http_error',
      message: `The login endpoint answered with a redirect${location}, which is not followed for logins.`,
      hint: "Enter the org's own address as the environment URL: https://<MyDomain>.my.salesforce.com, or https://login.salesforce.com (https://test.salesforce.com for sandbox orgs).",
    });
  }

  const ok2xx = status >= 200 && status < 300;
  return fail({
    kind: ok2xx ? 'invalid_response' : 'http_error',
    message: ok2xx
      ? 'The login endpoint answered, but not with a SOAP login() result (no loginResponse with a sessionId).'
      : `The login endpoint answered HTTP ${status} without a SOAP fault.${response.body ? ` It said: ${scrub(response.body, 200)}` : ''}`,
    hint: "Check that the environment URL is the Salesforce org's address, such as https://acme.my.salesforce.com.",
  });
}
