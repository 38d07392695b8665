import { stringify } from 'yaml';

/**
 * Large, ordinary API descriptions of a chosen size, in the shape of big published ones (GitHub's
 * 13 MB, Stripe's): many paths, each with parameters and responses, and many component schemas
 * with described properties. For benchmarks and tests that need size without hostility.
 */
export function largeOpenApiDocument(targetBytes: number): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const document = {
    openapi: '3.0.3',
    info: { title: 'Large example API', version: '1.1.4', description: 'A description as big as a real one.' },
    servers: [{ url: 'https://api.example.com' }],
    paths,
    components: { schemas },
  };
  // About 2.3 kB per resource (one schema and one path with two operations).
  const resources = Math.max(1, Math.ceil(targetBytes / 2300));
  for (let n = 0; n < resources; n += 1) {
    const name = `resource-${n}`;
    schemas[`Resource${n}`] = {
      type: 'object',
      description: `A ${name}, as the API returns it. Every field is documented, as in the descriptions vendors publish.`,
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', format: 'int64', description: 'Unique identifier.' },
        name: { type: 'string', description: `The ${name}'s name.`, maxLength: 255 },
        created_at: { type: 'string', format: 'date-time', description: 'When it was created.' },
        owner: { $ref: `#/components/schemas/Resource${Math.max(0, n - 1)}` },
        tags: { type: 'array', items: { type: 'string' }, description: 'Labels.' },
      },
    };
    paths[`/resources/${n}/{id}`] = {
      get: {
        operationId: `get-${name}`,
        summary: `Get a ${name}`,
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: 'The id.' },
          { name: 'expand', in: 'query', required: false, schema: { type: 'string' }, description: 'Related records to include.' },
        ],
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/Resource${n}` } } } },
          '404': { description: 'Not found' },
        },
      },
      patch: {
        operationId: `update-${name}`,
        summary: `Update a ${name}`,
        requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/Resource${n}` } } } },
        responses: { '200': { description: 'Updated' } },
      },
    };
  }
  return document;
}

/** The same, as pretty-printed JSON text (as GitHub publishes its description). */
export function largeOpenApiJson(targetBytes: number): string {
  return JSON.stringify(largeOpenApiDocument(targetBytes), null, 2);
}

/** The same, as YAML text (as Stripe and many others publish theirs). */
export function largeOpenApiYaml(targetBytes: number): string {
  return stringify(largeOpenApiDocument(targetBytes));
}
