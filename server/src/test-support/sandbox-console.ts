import fs from 'node:fs';
import { sandboxSwaggerPath, startSalesforceSandbox, type SalesforceSandbox } from '@keyway/salesforce-sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createTestApp, signedInAgent, type TestAppOptions } from './test-app';

export const sandboxSwaggerText = fs.readFileSync(sandboxSwaggerPath, 'utf8');

/**
 * For route tests against the bundled Salesforce sandbox: one sandbox for the file, and for each
 * test a fresh console allowed to call it, an administrator signed in, and the sandbox reset (its
 * demo app's secret included). Call it inside a describe; read the fields inside tests.
 */
export function sandboxConsole(options: TestAppOptions = {}) {
  let sandbox: SalesforceSandbox;
  let originalSecret: string;
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let agent: Awaited<ReturnType<typeof signedInAgent>>;
  let globalFolderId: string;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ port: 0 });
    originalSecret = sandbox.demoApp.consumerSecret;
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.control.reset();
    sandbox.control.rotateSecret(sandbox.demoApp.consumerKey, originalSecret);
    ctx = await createTestApp({ allowHosts: [`127.0.0.1:${sandbox.port}`], ...options });
    agent = await signedInAgent(ctx.app, ctx.db);
    const folders = await agent.get('/api/folders').expect(200);
    globalFolderId = folders.body.folders.find((f: { name: string }) => f.name === 'global').id;
  });
  afterEach(async () => {
    await ctx.close();
  });

  /** The wizard's step 2 for the sandbox's demo app, with this secret (its own by default). */
  const connection = (secret: string | undefined = originalSecret) => ({
    scheme: 'http' as const,
    host: `127.0.0.1:${sandbox.port}`,
    basePath: '/services/data',
    auth: {
      type: 'oauth2' as const,
      grantType: 'client_credentials' as const,
      clientId: sandbox.demoApp.consumerKey,
      clientSecret: secret,
      tokenUrl: `${sandbox.url}/services/oauth2/token`,
      scope: '',
      clientAuthMethod: 'client_secret_post' as const,
    },
  });
  const details = (title = 'Salesforce Accounts') => ({
    title,
    name: title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    description: '',
    serviceType: 'restful' as const,
  });
  const swagger = (document = sandboxSwaggerText) => ({ source: 'file' as const, url: '', fileName: 'salesforce-sandbox.swagger.yaml', document });

  return {
    get sandbox() {
      return sandbox;
    },
    get ctx() {
      return ctx;
    },
    get agent() {
      return agent;
    },
    get globalFolderId() {
      return globalFolderId;
    },
    get originalSecret() {
      return originalSecret;
    },
    connection,
    details,
    swagger,
    /** As the wizard does it: Test Connection, then Create with the receipt. */
    async createDataSource(title = 'Salesforce Accounts', secret: string = originalSecret): Promise<{ id: string; title: string }> {
      const test = await agent.post('/api/datasources/test').send(connection(secret)).expect(200);
      expect(test.body.result.ok).toBe(true);
      const created = await agent
        .post('/api/datasources')
        .send({ ...details(title), ...connection(secret), swagger: swagger(), folderId: globalFolderId, testReceipt: test.body.result.receipt })
        .expect(201);
      return created.body.dataSource;
    },
  };
}
