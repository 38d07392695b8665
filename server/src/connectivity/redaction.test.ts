import { describe, expect, it } from 'vitest';
import { clip, pemForms, redactSecrets, sentCredentials } from './redaction';

const SECRET = 'n3w+s3cret with:colon%/slash';

describe('redactSecrets', () => {
  it('removes a secret raw and in every encoded form it could be echoed in', () => {
    const echoed = [
      SECRET,
      'n3w%2Bs3cret%20with%3Acolon%25%2Fslash', // encodeURIComponent
      'n3w%2Bs3cret+with%3Acolon%25%2Fslash', // application/x-www-form-urlencoded
      'bjN3K3MzY3JldCB3aXRoOmNvbG9uJS9zbGFzaA==', // base64
    ].join(' | ');
    expect(redactSecrets(echoed, [SECRET])).toBe('[redacted] | [redacted] | [redacted] | [redacted]');
  });

  it('removes a secret as it appears inside a JSON string', () => {
    expect(redactSecrets('{"secret":"a\\"b\\\\c"}', ['a"b\\c'])).toBe('{"secret":"[redacted]"}');
  });

  it('removes even a short secret, every time it appears, and each of several secrets', () => {
    expect(redactSecrets('k=abc, again abc; token xyz', ['abc', 'xyz'])).toBe('k=[redacted], again [redacted]; token [redacted]');
  });

  it('skips secrets that are not there, and leaves text without them as it was', () => {
    expect(redactSecrets('nothing to hide', [undefined, '', 'absent'])).toBe('nothing to hide');
  });
});

describe('sentCredentials', () => {
  it('lists an Authorization header whole and without its scheme, after the secrets given', () => {
    expect(sentCredentials(['pw'], 'Basic aWQ6cHc=')).toEqual(['pw', 'Basic aWQ6cHc=', 'aWQ6cHc=']);
    expect(sentCredentials([undefined, 'at-1'], 'Bearer at-1')).toEqual([undefined, 'at-1', 'Bearer at-1', 'at-1']);
  });

  it('lists only the secrets when nothing went in an Authorization header', () => {
    expect(sentCredentials(['key', undefined])).toEqual(['key', undefined]);
  });

  it('gives redactSecrets what removes an echoed Basic header, whole or in part', () => {
    const header = 'Basic a2V5d2F5LWNsaWVudDpuM3clMkJzM2NyZXQrd2l0aCUzQWNvbG9uJTI1JTJGc2xhc2g=';
    const text = `got "${header}"; credentials a2V5d2F5LWNsaWVudDpuM3clMkJzM2NyZXQrd2l0aCUzQWNvbG9uJTI1JTJGc2xhc2g=`;
    expect(redactSecrets(text, sentCredentials([SECRET], header))).toBe('got "[redacted]"; credentials [redacted]');
  });
});

describe('pemForms', () => {
  const body = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu', 'AgMBAAE='];
  const pem = `-----BEGIN PRIVATE KEY-----\n${body.join('\n')}\n-----END PRIVATE KEY-----\n`;

  it('lists a PEM whole, its body on one line and each long body line', () => {
    expect(pemForms(pem)).toEqual([pem, pem.trim(), body.join(''), body[0], body[1]]);
  });

  it('gives redactSecrets what removes a key echoed whole, unwrapped or a line at a time', () => {
    const text = `key ${pem} | one line ${body.join('')} | a line ${body[1]}`;
    expect(redactSecrets(text, sentCredentials(pemForms(pem)))).toBe('key [redacted] | one line [redacted] | a line [redacted]');
  });
});

describe('clip', () => {
  it('puts provider text on one line and bounds it', () => {
    expect(clip('  one\n\ttwo   three ')).toBe('one two three');
    expect(clip('abcdef', 3)).toBe('abc…');
    expect(clip('abc', 3)).toBe('abc');
  });
});
