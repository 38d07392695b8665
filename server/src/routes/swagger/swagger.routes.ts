import { Router } from 'express';
import {
  API_DESCRIPTION_MAX_BYTES,
  descriptionTooLargeMessage,
  formatByteSize,
  SwaggerFetchRequestSchema,
} from '@keyway/shared';
import { readDescription } from './description-reader';
import type { AuditLog } from '../../audit/audit-log';
import { AppError } from '../../errors';
import { parseWith } from '../../http/validate';
import { OutboundError, type OutboundClient } from '../../outbound/outbound-client';

/** A description moved to a CDN or behind a versioned path is still found; a chain longer than this is not. */
const MAX_REDIRECTS = 5;

/**
 * "Swagger Source: URL": the server fetches the description, under the same outbound policy as
 * every call, following up to 5 redirects, each checked like the first request.
 */
export function swaggerRoutes(outbound: OutboundClient, audit: AuditLog, swaggerMaxBytes = API_DESCRIPTION_MAX_BYTES): Router {
  const router = Router();

  // The console calls out on a person's behalf: the audit log says where to, by origin only (a
  // path or query string may carry a token, and user:password@ is refused anyway).
  router.use((req, res, next) => {
    res.on('finish', () => {
      const url = typeof req.body?.url === 'string' ? URL.parse(req.body.url) : null;
      void audit.record(req, {
        action: 'swagger.fetch',
        outcome: res.statusCode === 200 ? 'success' : 'failure',
        details: { origin: url?.origin ?? 'not a URL', status: res.statusCode },
      });
    });
    next();
  });

  router.post('/fetch', async (req, res) => {
    const { url } = parseWith(SwaggerFetchRequestSchema, req.body);
    let response;
    try {
      response = await outbound.request({
        method: 'GET',
        url,
        headers: { accept: 'application/json, application/yaml, text/yaml, */*;q=0.5' },
        maxBytes: swaggerMaxBytes,
        followRedirects: MAX_REDIRECTS,
      });
    } catch (error) {
      if (error instanceof OutboundError && error.kind === 'too_large') {
        const message = error.declaredBytes
          ? descriptionTooLargeMessage(error.declaredBytes, swaggerMaxBytes)
          : `The file at this URL is larger than the limit of ${formatByteSize(swaggerMaxBytes)}; it was not read.`;
        throw new AppError(422, 'swagger_too_large', message);
      }
      if (error instanceof OutboundError) throw new AppError(422, 'swagger_unreachable', error.message);
      throw error;
    }
    if (response.status !== 200) {
      throw new AppError(422, 'swagger_unreachable', `The Swagger URL answered HTTP ${response.status}, not the file.`);
    }
    // Whatever else the URL returned (an HTML page of an internal tool, say) must not come back,
    // not even quoted in a problem message: only text that claims to be a description is read.
    if (!/["']?(swagger|openapi)["']?\s*:/.test(response.body)) {
      const type = response.headers['content-type']?.split(';')[0] ?? 'unknown type';
      res.json({ problem: { message: `The URL did not return a Swagger or OpenAPI description (it returned ${type}).` } });
      return;
    }
    // Named by where the redirects led: /latest may redirect to /v2/openapi.yaml.
    const fileName = new URL(response.url).pathname.split('/').pop() ?? '';
    const result = await readDescription(response.body, /\.(json|ya?ml)$/i.test(fileName) ? fileName : undefined, swaggerMaxBytes);
    // The text goes back only when it is an API description: this must not become a way to read arbitrary pages.
    res.json(result.ok ? { document: response.body, summary: result.summary } : { problem: result.problem });
  });

  return router;
}
