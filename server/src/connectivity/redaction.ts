/**
 * Removes secrets from text that came from another system (an error_description, an HTML
 * error page) before it is shown or stored: a provider that echoes the request back must
 * not turn our error message into a leak. Encoded forms are removed too.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    // Even a short secret is removed: mangling a word of provider text is better than showing a key.
    if (!secret) continue;
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      Buffer.from(secret, 'utf8').toString('base64'),
      JSON.stringify(secret).slice(1, -1),
    ]);
    for (const form of forms) result = result.split(form).join('[redacted]');
  }
  return result;
}

/**
 * What a request carried that holds a credential, in every form it went out in: each secret or
 * token given, and an Authorization header both whole and without its scheme ("Basic …",
 * "Bearer …"). The list that redactSecrets is given for what came back from that request.
 */
export function sentCredentials(values: ReadonlyArray<string | undefined>, authorization?: string): Array<string | undefined> {
  return authorization ? [...values, authorization, authorization.replace(/^\S+ /, '')] : [...values];
}

/**
 * A PEM (a private key) in every form it could be shown back in: whole, trimmed, its base64 body
 * on one line, and each body line (the last, short one aside, which is too short to mean anything
 * and would mangle ordinary text). For sentCredentials, beside whatever was signed with the key.
 */
export function pemForms(pem: string): string[] {
  const lines = pem
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('-----'));
  return [pem, pem.trim(), lines.join(''), ...lines.filter((line) => line.length >= 16)];
}

/** Keeps provider text readable but bounded. */
export function clip(text: string, max = 500): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > max ? `${single.slice(0, max)}…` : single;
}
