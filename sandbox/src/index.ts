import { fileURLToPath } from 'node:url';

export {
  API_VERSION,
  defaultConnectedApps,
  generateConsumerKey,
  generateConsumerSecret,
  startSalesforceSandbox,
} from './sandbox';
export type { AppCredentials, ConnectedApp, SalesforceSandbox, SandboxControl, SandboxOptions } from './sandbox';

/** Absolute path of the Swagger 2.0 description of the sandbox's REST API. */
export const sandboxSwaggerPath: string = fileURLToPath(new URL('../swagger/salesforce-sandbox.swagger.yaml', import.meta.url));
