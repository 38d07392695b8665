import { describe, expect, it } from 'vitest';
import { flowExample, flowExampleNames } from './flow-examples';

describe('Flow-shaped examples', () => {
  it('lists every example and fills each placeholder as a JSON string', () => {
    expect(flowExampleNames()).toEqual([
      'create-basic-authentication',
      'create-oauth2-client-credential',
      'create-oauth2-jwt-token-credential',
      'patch-client-secret',
      'patch-description',
    ]);
    const body = flowExample('create-basic-authentication', {
      environmentUrl: 'http://127.0.0.1:4010',
      username: 'u@example.com',
      password: 'a "quoted" \\ password',
      securityToken: 't',
    }) as { auth: { params: Record<string, string> } };
    expect(body.auth.params).toMatchObject({ environmentUrl: 'http://127.0.0.1:4010', password: 'a "quoted" \\ password' });
  });

  it('refuses to fill an example with a value missing, rather than sending the placeholder', () => {
    expect(() => flowExample('create-oauth2-client-credential', { environmentUrl: 'http://x' })).toThrow('{{consumerKey}}');
  });
});
