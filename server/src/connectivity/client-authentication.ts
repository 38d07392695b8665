/**
 * RFC 6749 §2.3.1 and Appendix B: for HTTP Basic, the client id and secret are each
 * application/x-www-form-urlencoded first, then joined with ":" and base64-encoded.
 * Plain base64 of "id:secret" breaks on secrets containing ":", "%" or "+".
 */
export function formUrlEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

export function basicAuthorizationHeader(clientId: string, clientSecret: string): string {
  const credentials = `${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}
