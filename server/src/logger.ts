import pino, { type Logger } from 'pino';

/**
 * Redaction is a second line of defence: secrets are never passed to the logger on purpose,
 * and these paths catch the places they could slip in by accident.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.keyValue',
  '*.access_token',
  '*.accessToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
