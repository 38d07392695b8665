import { describe, expect, it } from 'vitest';
import { oauthErrorHint, salesforceTokenUrl } from './salesforce';

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
