import pino, { type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';

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

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT when set; otherwise lines for a person on a terminal, JSON for anything that collects logs. */
export function chooseLogFormat(configured: LogFormat | undefined, stdoutIsTerminal: boolean): LogFormat {
  return configured ?? (stdoutIsTerminal ? 'pretty' : 'json');
}

export interface LogOutput {
  format?: LogFormat;
  /** Pretty output only: ANSI colours. Unset: pino-pretty decides (a terminal, FORCE_COLOR, NO_COLOR). */
  colorize?: boolean;
}

export function createLogger(level: string, destination?: pino.DestinationStream, output: LogOutput = {}): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (output.format !== 'pretty') return pino(options, destination);
  // Redaction happens in pino before a line reaches this stream, so pretty lines are redacted too.
  // One line per entry: the launch scripts prefix each line with the process's name. A request's
  // method, path, status and duration are already in its message (requestMessage), so its
  // req/res objects would only repeat them.
  const stream = pretty({
    destination: destination ?? 1,
    // Synchronous, so the last lines before process.exit() are not lost.
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,req,res,responseTime',
    ...(output.colorize === undefined ? {} : { colorize: output.colorize }),
  });
  return pino(options, stream);
}

/**
 * The level of a request's log line. `quiet` requests (the health probe, the web app's files)
 * would drown what people do, so they show only at LOG_LEVEL=debug. The handler that answers
 * marks a request quiet, not its URL's spelling: Express matches `/API/folders` and an
 * absolute-form `http://host/api/folders` as API routes, and those must stay visible.
 */
export function requestLogLevel(statusCode: number, failed: boolean, quiet: boolean): Level {
  if (failed || statusCode >= 500) return 'error';
  return quiet ? 'debug' : 'info';
}

/** What the health probe and the web app set on `res.locals`, so their request lines go to debug. */
export const QUIET_LOG = 'quietLog';

/** "GET /api/folders 200 in 12 ms": the line a person reads. */
export function requestMessage(method: string, url: string, statusCode: number, responseTimeMs?: number): string {
  return responseTimeMs === undefined ? `${method} ${url} ${statusCode}` : `${method} ${url} ${statusCode} in ${responseTimeMs} ms`;
}
