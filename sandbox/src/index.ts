import { fileURLToPath } from 'node:url';

export { defaultConnectedApps, generateConsumerKey, generateConsumerSecret } from './connected-apps';
export type { AppCredentials, ConnectedApp } from './connected-apps';
export type { IntegrationUserCredentials, SandboxControl } from './org-state';
export { startSalesforceSandbox } from './sandbox';
export type { SalesforceSandbox, SandboxOptions } from './sandbox';

/** Absolute path of the Swagger 2.0 description of the sandbox's REST API. */
export const sandboxSwaggerPath: string = fileURLToPath(new URL('../swagger/salesforce-sandbox.swagger.yaml', import.meta.url));
export { flowExample, flowExampleNames, flowExamplesDir } from './flow-examples';
export type { FlowExampleValues } from './flow-examples';
