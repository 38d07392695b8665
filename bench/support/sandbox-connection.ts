/** What the wizard sends for the sandbox's demo connected app with client credentials: Test Connection's body. */
export function sandboxConnection(sandbox: { url: string; port: number; demoApp: { consumerKey: string; consumerSecret: string } }) {
  return {
    scheme: 'http',
    host: `127.0.0.1:${sandbox.port}`,
    basePath: '/services/data',
    auth: {
      type: 'oauth2',
      grantType: 'client_credentials',
      clientId: sandbox.demoApp.consumerKey,
      clientSecret: sandbox.demoApp.consumerSecret,
      tokenUrl: `${sandbox.url}/services/oauth2/token`,
      scope: '',
      clientAuthMethod: 'client_secret_post',
    },
  };
}
