import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiErrorBody } from '@keyway/shared';

/**
 * What Node's HTTP parser refuses before Express sees a request (a method it does not know,
 * headers too large, a malformed request line) is answered here, because Express's middleware,
 * and so helmet's headers, never run for it. Node's own answer is a bare "400 Bad Request"; this
 * one is the one error shape, with the headers that matter for an answer that is not a page.
 */
const ANSWERS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'The request headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'The request took too long to arrive.' },
};
const MALFORMED = { status: 400, code: 'bad_request', message: 'The request is not valid HTTP.' };

export function clientErrorResponse(errorCode: string | undefined): string {
  const { status, code, message } = (errorCode && ANSWERS[errorCode]) || MALFORMED;
  const body: ApiErrorBody = { error: { code, message } };
  const text = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Cache-Control: no-store',
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options: nosniff',
    'X-Frame-Options: DENY',
    'Cross-Origin-Resource-Policy: same-origin',
    'Referrer-Policy: no-referrer',
    'Connection: close',
    '',
    text,
  ].join('\r\n');
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection reset leaves nobody to answer; once bytes of a response went out on this socket
    // (a pipelined request behind it was malformed), more must not be spliced in. Node's own
    // handler makes the same check.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { bytesWritten?: number }).bytesWritten) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(err.code));
  });
}
