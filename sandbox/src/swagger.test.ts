import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandboxSwaggerPath } from './index';
import type { Json } from './test-support';

describe('swagger', () => {
  it('describes the sandbox as Swagger 2.0', async () => {
    const doc = parse(await readFile(sandboxSwaggerPath, 'utf8')) as Json;
    expect(doc).toMatchObject({
      swagger: '2.0',
      info: { title: 'Salesforce REST API (Keyway sandbox)', version: '65.0' },
      host: '127.0.0.1:4010',
      basePath: '/services/data',
      schemes: ['http'],
    });
    expect(Object.keys(doc.paths as Json)).toEqual(['/', '/v65.0', '/v65.0/sobjects']);
    const defs = doc.securityDefinitions as Record<string, Json>;
    expect(Object.values(defs)).toContainEqual(
      expect.objectContaining({ type: 'oauth2', flow: 'application', tokenUrl: 'http://127.0.0.1:4010/services/oauth2/token' }),
    );
  });
});
