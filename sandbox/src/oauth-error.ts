import type { Response } from 'express';

/** A token endpoint refusal: Salesforce's `error` and `error_description`, sent as HTTP 400. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export function sendOAuthError(res: Response, err: OAuthError): void {
  res.status(400).set('Cache-Control', 'no-store').json({ error: err.error, error_description: err.description });
}
