import express, { type Router } from 'express';
import type { OrgState, SandboxControl } from '../org-state';

/*
 * TEST-ONLY controls of this fake org, mounted at /__sandbox; nothing like them exists in Salesforce.
 * POSTs must be application/json, which a cross-site form cannot send without a CORS
 * preflight (never granted here), so a web page cannot flip faults on a developer's sandbox.
 *
 *   GET  /__sandbox/state               apps (no secrets), faults, counters, issued tokens
 *   POST /__sandbox/rotate-secret       {"consumerKey","consumerSecret"}
 *   POST /__sandbox/run-as-user         {"consumerKey","enabled":boolean}
 *   POST /__sandbox/client-credentials  {"consumerKey","enabled":boolean}
 *   POST /__sandbox/jwt-certificate     {"consumerKey","certificate":PEM}  "Use digital signatures" with this X.509 certificate
 *   POST /__sandbox/jwt-enabled         {"consumerKey","enabled":boolean}  the "Use digital signatures" checkbox
 *   POST /__sandbox/jwt-user            {"consumerKey","username":string|null}  the pre-authorized user of the JWT bearer grant
 *   POST /__sandbox/api-failure         {"status":number|null}  /services/data answers this status
 *   POST /__sandbox/api-delay           {"ms":number}           delay before /services/data answers
 *   POST /__sandbox/token-failure       {"status":number|null}  token endpoint and SOAP API answer this status
 *   POST /__sandbox/integration-user    {"username"?,"password"?,"securityToken"?}  the SOAP API login() user's credentials
 *   POST /__sandbox/trusted-ip-range    {"enabled":boolean}     the org trusts the caller's address: login() needs no security token
 *   POST /__sandbox/revoke-all          {}                      every issued token becomes invalid
 *   POST /__sandbox/reset               {}                      start-up state
 * Each POST answers 204, or 400 {"error"} for a bad body, an unreadable certificate, an unknown consumer key or an empty credential.
 */

type Body = Record<string, unknown>;

const optionalStr = (v: unknown, field: string): string | undefined => (v === undefined ? undefined : str(v, field));

const str = (v: unknown, field: string): string => {
  if (typeof v !== 'string') throw new Error(`${field} must be a string`);
  return v;
};
const bool = (v: unknown, field: string): boolean => {
  if (typeof v !== 'boolean') throw new Error(`${field} must be a boolean`);
  return v;
};
const strOrNull = (v: unknown, field: string): string | null => (v === null ? null : str(v, field));
const statusOrNull = (v: unknown): number | null => {
  if (v !== null && typeof v !== 'number') throw new Error('status must be a number or null');
  return v;
};

export function controlRoutes(org: OrgState, control: SandboxControl): Router {
  const ctl = express.Router();
  ctl.use(express.json({ limit: '16kb' }));
  ctl.get('/state', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({
      apps: [...org.apps.values()].map((app) => ({
        name: app.name,
        consumerKey: app.consumerKey,
        runAsUser: app.runAsUser,
        clientCredentialsEnabled: app.clientCredentialsEnabled,
        jwtEnabled: app.jwtEnabled,
        // The certificate is public, but its fingerprint is what Salesforce's page shows.
        certificate: app.certificate && { fingerprint: app.certificate.fingerprint, subject: app.certificate.subject, validTo: app.certificate.validTo },
        preAuthorizedUsername: app.preAuthorizedUsername,
      })),
      apiFailure: org.apiFailure,
      apiDelayMs: org.apiDelayMs,
      tokenFailure: org.tokenFailure,
      // Its user name only: the password and the token are secrets, as the consumer secrets are.
      integrationUser: { username: org.integrationUser.username, userId: org.integrationUser.userId },
      trustedIpRange: org.trustedIpRange,
      tokenRequestCount: org.tokenRequests,
      issuedTokens: [...org.issued],
      activeTokenCount: org.activeTokens.size,
    });
  });
  const command = (path: string, run: (body: Body) => void) =>
    ctl.post(path, (req, res) => {
      if (!req.is('application/json')) {
        res.status(415).json({ error: 'Content-Type must be application/json' });
        return;
      }
      const body: Body = typeof req.body === 'object' && req.body !== null ? (req.body as Body) : {};
      try {
        run(body);
      } catch (err) {
        res.status(400).json({ error: err instanceof Error ? err.message : 'bad request' });
        return;
      }
      res.status(204).end();
    });
  command('/rotate-secret', (b) => control.rotateSecret(str(b.consumerKey, 'consumerKey'), str(b.consumerSecret, 'consumerSecret')));
  command('/run-as-user', (b) => control.setRunAsUser(str(b.consumerKey, 'consumerKey'), bool(b.enabled, 'enabled')));
  command('/client-credentials', (b) =>
    control.setClientCredentialsEnabled(str(b.consumerKey, 'consumerKey'), bool(b.enabled, 'enabled')),
  );
  command('/jwt-certificate', (b) => control.uploadCertificate(str(b.consumerKey, 'consumerKey'), str(b.certificate, 'certificate')));
  command('/jwt-enabled', (b) => control.setJwtEnabled(str(b.consumerKey, 'consumerKey'), bool(b.enabled, 'enabled')));
  command('/jwt-user', (b) => control.setPreAuthorizedUser(str(b.consumerKey, 'consumerKey'), strOrNull(b.username, 'username')));
  command('/api-failure', (b) => control.setApiFailure(statusOrNull(b.status)));
  command('/api-delay', (b) => control.setApiDelayMs(typeof b.ms === 'number' ? b.ms : Number.NaN));
  command('/token-failure', (b) => control.setTokenFailure(statusOrNull(b.status)));
  command('/integration-user', (b) =>
    control.setIntegrationUser({
      username: optionalStr(b.username, 'username'),
      password: optionalStr(b.password, 'password'),
      securityToken: optionalStr(b.securityToken, 'securityToken'),
    }),
  );
  command('/trusted-ip-range', (b) => control.setTrustedIpRange(bool(b.enabled, 'enabled')));
  command('/revoke-all', () => control.revokeAllTokens());
  command('/reset', () => control.reset());
  return ctl;
}
