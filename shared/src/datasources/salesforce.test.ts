import { describe, expect, it } from 'vitest';
import { oauthErrorHint, salesforceTokenUrl, SOAP_LOGIN_LAST_API_VERSION, soapLoginFaultHint } from './salesforce';

describe('salesforceTokenUrl', () => {
  it.each([
    ['acme-dev-ed', 'https://acme-dev-ed.my.salesforce.com/services/oauth2/token'],
    ['  ACME-Dev-Ed ', 'https://acme-dev-ed.my.salesforce.com/services/oauth2/token'],
    ['acme-dev-ed.my.salesforce.com', 'https://acme-dev-ed.my.salesforce.com/services/oauth2/token'],
    ['https://acme--uat.my.salesforce.com/lightning/page', 'https://acme--uat.my.salesforce.com/services/oauth2/token'],
  ])('turns %j into the My Domain token URL', (input, expected) => {
    expect(salesforceTokenUrl(input)).toBe(expected);
  });

  it.each(['', 'acme dev', '-acme', 'acme.evil.example/x', 'acme_dev', 'a'.repeat(81)])('refuses %j', (input) => {
    expect(salesforceTokenUrl(input)).toBeNull();
  });
});

describe('oauthErrorHint', () => {
  it('explains the errors Salesforce is known to return', () => {
    expect(oauthErrorHint('invalid_client', 'invalid client credentials')).toMatch(/Consumer Secret/);
    expect(oauthErrorHint('invalid_grant', 'no client credentials user enabled')).toMatch(/Run As user/);
    expect(oauthErrorHint('unsupported_grant_type', 'grant type not supported')).toMatch(/Enable Client Credentials Flow/);
    expect(oauthErrorHint('unsupported_grant_type', 'request not supported on this domain')).toMatch(/My Domain/);
    expect(oauthErrorHint('invalid_client_id', 'client identifier invalid')).toMatch(/Consumer Key/);
  });

  it('has nothing to add for an error it does not know', () => {
    expect(oauthErrorHint('temporarily_unavailable', 'try later')).toBeUndefined();
    expect(oauthErrorHint(undefined, undefined)).toBeUndefined();
  });
});

describe('soapLoginFaultHint', () => {
  const INVALID_LOGIN = 'INVALID_LOGIN: Invalid username, password, security token; or user locked out.';
  const MUST_USE_TOKEN =
    'LOGIN_MUST_USE_SECURITY_TOKEN: Invalid username, password, security token; or user locked out. Are you at a new location? When accessing Salesforce--either via a desktop client or the API--from outside of your company\u2019s trusted networks, you must add a security token to your password to log in.';

  it('reads the fault code with or without its prefix, in any case', () => {
    for (const code of ['sf:INVALID_LOGIN', 'INVALID_LOGIN', ' invalid_login ', 'soapenv:INVALID_LOGIN']) {
      expect(soapLoginFaultHint(code, INVALID_LOGIN)).toBe(soapLoginFaultHint('INVALID_LOGIN', INVALID_LOGIN));
    }
  });

  it('names every cause Salesforce folds into INVALID_LOGIN', () => {
    const hint = soapLoginFaultHint('sf:INVALID_LOGIN', INVALID_LOGIN);
    expect(hint).toMatch(/user name and password/);
    expect(hint).toMatch(/security token.*Settings > Reset My Security Token/);
    expect(hint).toMatch(/locked out/);
    expect(hint).toMatch(/Login IP Ranges/);
  });

  it('tells how to get the token, or to trust Keyway\'s address instead, for LOGIN_MUST_USE_SECURITY_TOKEN', () => {
    const hint = soapLoginFaultHint('sf:LOGIN_MUST_USE_SECURITY_TOKEN', MUST_USE_TOKEN);
    expect(hint).toMatch(/enter it as the Security Token \(Keyway appends it to the password\)/);
    expect(hint).toMatch(/Settings > Reset My Security Token/);
    expect(hint).toMatch(/trusted IP ranges/);
  });

  it.each([
    ['sf:API_CURRENTLY_DISABLED', 'API_CURRENTLY_DISABLED: API is disabled for this User', /"API Enabled"/],
    ['sf:API_DISABLED_FOR_ORG', 'API_DISABLED_FOR_ORG: API is not enabled for this Organization or Partner', /edition.*"API Enabled"/],
    ['sf:PASSWORD_LOCKOUT', 'PASSWORD_LOCKOUT: account locked', /locked out.*Unlock/],
    ['sf:LOGIN_DURING_RESTRICTED_TIME', 'LOGIN_DURING_RESTRICTED_TIME', /Login Hours/],
    ['sf:LOGIN_DURING_RESTRICTED_DOMAIN', 'LOGIN_DURING_RESTRICTED_DOMAIN', /Login IP Ranges/],
    ['sf:LOGIN_CHALLENGE_ISSUED', 'LOGIN_CHALLENGE_ISSUED', /verify this login.*security token/],
    ['sf:INVALID_SSO_GATEWAY_URL', 'INVALID_SSO_GATEWAY_URL', /single sign-on/],
    ['sf:INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS: insufficient access rights', /"Use Any API Auth".*"Enable SOAP API login\(\)"/],
    ['sf:UNSUPPORTED_API_VERSION', 'UNSUPPORTED_API_VERSION: Invalid Api version specified on URL', /from 31\.0 to 64\.0/],
    ['sf:INVALID_OPERATION_WITH_EXPIRED_PASSWORD', 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD: The users password has expired', /password has expired.*set a new one/],
    ['sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session', /no longer valid.*logs in again/],
    ['sf:ORG_LOCKED', 'ORG_LOCKED', /contact Salesforce/],
  ])('explains %s', (code, faultString, hint) => {
    expect(soapLoginFaultHint(code, faultString)).toMatch(hint);
  });

  it('explains that login() is gone from API version 65.0, and only that INVALID_OPERATION', () => {
    const hint = soapLoginFaultHint(
      'sf:INVALID_OPERATION',
      'INVALID_OPERATION: The SOAP Login operation is not available in the API version specified (65.0). Refer to the documentation for supported versions.',
    );
    expect(SOAP_LOGIN_LAST_API_VERSION).toBe('64.0');
    expect(hint).toMatch(/from API version 65\.0 on\. Set the API version to 64\.0 or earlier/);
    expect(hint).toMatch(/Summer '27/);
    expect(soapLoginFaultHint('sf:INVALID_OPERATION', 'INVALID_OPERATION: something else')).toBeUndefined();
  });

  it('knows the login rate limit by its words, whatever the code', () => {
    expect(soapLoginFaultHint('sf:REQUEST_LIMIT_EXCEEDED', 'Login Rate Exceeded')).toMatch(/3,600 logins per user per hour/);
  });

  it('has nothing to add for a fault it does not know', () => {
    expect(soapLoginFaultHint('sf:UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION: An unexpected error occurred')).toBeUndefined();
    expect(soapLoginFaultHint('soapenv:Client', 'Premature end of file.')).toBeUndefined();
    expect(soapLoginFaultHint(undefined, undefined)).toBeUndefined();
  });
});
