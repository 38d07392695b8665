import { startSalesforceSandbox, type SalesforceSandbox } from '@keyway/salesforce-sandbox';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { exchangeClientCredentials, type ClientCredentialsRequest } from '../connectivity/token-exchange';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';

/**
 * The bundled sandbox as a token endpoint, for one describe block: started before it, reset before
 * each test, stopped after. `request()` builds the demo app's client-credentials request.
 */
export function useSandboxTokenEndpoint() {
  let sandbox: SalesforceSandbox | undefined;
  let client: OutboundClient | undefined;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ port: 0 });
    client = new OutboundClient(createOutboundPolicy([`127.0.0.1:${sandbox.port}`]), 5_000);
  });
  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox?.control.reset();
  });

  const started = () => {
    if (!sandbox || !client) throw new Error('the sandbox starts in beforeAll; use it inside tests');
    return { sandbox, client };
  };
  return {
    get sandbox(): SalesforceSandbox {
      return started().sandbox;
    },
    request: (overrides: Partial<ClientCredentialsRequest> = {}): ClientCredentialsRequest => ({
      tokenUrl: `${started().sandbox.url}/services/oauth2/token`,
      clientId: started().sandbox.demoApp.consumerKey,
      clientSecret: started().sandbox.demoApp.consumerSecret,
      scope: '',
      clientAuthMethod: 'client_secret_post',
      ...overrides,
    }),
    exchange: (req: ClientCredentialsRequest) => exchangeClientCredentials(started().client, req),
  };
}
