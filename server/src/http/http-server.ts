import http from 'node:http';
import type { Express } from 'express';

/**
 * The console's HTTP server, whose requests and responses are built with the app's Express
 * prototypes from the start. Express gives every request and response those prototypes as it
 * receives them (Object.setPrototypeOf), and an object whose prototype changes after it was built
 * sends V8's property lookups on it down the slow path for the rest of the request: bench:api's
 * Express hello world ran about 640,000 instructions a request that way, and about 190,000 this
 * way (callgrind). Given objects that already have those prototypes, Express's call changes
 * nothing. The app's `request` and `response` become subclasses of Node's that inherit
 * Express's, so everything Express and the routes add to them stays where it was.
 *
 * Without requireHostHeader, Node answers a request that has no Host itself, a bare 400 without
 * the security headers; the host check answers it instead (421, in the one shape).
 */
export function createHttpServer(app: Express): http.Server {
  class ConsoleRequest extends http.IncomingMessage {}
  Object.setPrototypeOf(ConsoleRequest.prototype, app.request);
  app.request = ConsoleRequest.prototype as Express['request'];
  class ConsoleResponse extends http.ServerResponse {}
  Object.setPrototypeOf(ConsoleResponse.prototype, app.response);
  app.response = ConsoleResponse.prototype as unknown as Express['response'];
  return http.createServer({ requireHostHeader: false, IncomingMessage: ConsoleRequest, ServerResponse: ConsoleResponse }, app);
}
