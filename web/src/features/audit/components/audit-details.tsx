import { Text } from '@mantine/core';
import { HEALTH_STATE_LABELS, HealthStateSchema, ROLE_LABELS, RoleSchema, type AuditEvent } from '@keyway/shared';

const REASONS: Record<string, string> = {
  wrong_password: 'Wrong password',
  unknown_account: 'No such account',
  account_disabled: 'Account disabled',
  too_many_attempts: 'Too many attempts',
  // Why an API key was refused (ApiKeyRefusalReason on the server); the caller was told only "refused".
  malformed: 'Not an API key',
  unknown_key: 'No such key',
  wrong_secret: 'Wrong key',
  revoked: 'Key revoked',
  expired: 'Key expired',
};

/** Which sign-in limit refused the attempt (SignInLimit on the server; SECURITY.md gives the figures). */
const LIMITS: Record<string, string> = {
  address: 'limit for one address',
  account_address: 'limit for this account from one address',
  account: 'limit for this account from new browsers',
};

/** How a connection test failed (ConnectionTestFailure's kind), as the wizard would put it. */
const FAILURES: Record<string, string> = {
  refused: 'Address not allowed',
  network: 'No answer (network error)',
  timeout: 'No answer (timed out)',
  oauth_error: 'Token refused',
  http_error: 'API answered with an error',
  invalid_response: 'Unreadable answer',
};

/** A changed setting by the label the wizard gives it; the Swagger file's parts count as one. */
const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  name: 'Name',
  description: 'Description',
  serviceType: 'Service Type',
  folderId: 'Folder',
  scheme: 'Scheme',
  host: 'Host',
  basePath: 'Base Path',
  'auth.type': 'Authentication Type',
  'auth.grantType': 'Grant Type',
  'auth.clientId': 'Client Id',
  'auth.clientSecret': 'Client Secret',
  'auth.tokenUrl': 'Access Token URL',
  'auth.scope': 'Scope',
  'auth.clientAuthMethod': 'Client Authentication',
  'auth.username': 'User name',
  'auth.password': 'Password',
  'auth.placement': 'Key placement',
  'auth.keyName': 'Key name',
  'auth.keyValue': 'Key value',
  'auth.audience': 'Audience',
  'auth.privateKey': 'Private Key',
  'auth.keySource': 'Private Key or Signed JWT',
  'auth.jwtToken': 'Signed JWT',
  'auth.loginUrl': 'Login URL',
  'auth.apiVersion': 'API Version',
  'auth.securityToken': 'Security Token',
  'auth.extraParams': 'Extra token parameters',
};

/**
 * The machine API names what a JSON Patch changed by its pointer ("/auth/params/clientSecret");
 * its params that are not the wizard's fields by the API's own names, put in words.
 */
const API_PARAM_LABELS: Record<string, string> = {
  environmentUrl: 'Salesforce URL',
  url: 'URL',
  keyPairId: 'Private Key',
  includeDeletedObjects: 'Include deleted objects',
};

function fieldLabel(field: string): string {
  if (field.startsWith('/')) {
    const [, first, second, param] = field.split('/');
    if (first === 'name') return 'Title';
    if (first === 'auth' && second === 'specName') return 'Authentication Type';
    if (first === 'auth' && second === 'params' && param) return API_PARAM_LABELS[param] ?? FIELD_LABELS[`auth.${param}`] ?? param;
    return FIELD_LABELS[field.slice(1).replaceAll('/', '.')] ?? field;
  }
  // The Swagger file's parts are one setting to a person, and so are a generated certificate's.
  if (field.startsWith('swagger.')) return 'Swagger file';
  if (field === 'auth.certificate' || field.startsWith('auth.certificate.')) return 'Certificate';
  return FIELD_LABELS[field] ?? field;
}

/** The specifics of an entry in words: which fields changed, a role's old and new value, why a sign-in failed. */
export function describeDetails(event: AuditEvent): string {
  const d = event.details;
  const parts: string[] = [];
  // Done with an API key through /api/v1, not in the console; the actor names the key.
  if (d.via === 'api') parts.push('Through the API');
  if (Array.isArray(d.fields)) {
    const fields = [...new Set(d.fields.map((f) => fieldLabel(String(f))))];
    parts.push(fields.length ? `Changed: ${fields.join(', ')}` : 'No settings changed');
  }
  if (d.from !== undefined && d.to !== undefined) {
    parts.push(event.action === 'health.settings' ? `Interval ${String(d.from)} s → ${String(d.to)} s` : `${String(d.from)} → ${String(d.to)}`);
  }
  if (typeof d.reason === 'string') {
    const reason = REASONS[d.reason] ?? d.reason;
    parts.push(typeof d.limit === 'string' ? `${reason} (${LIMITS[d.limit] ?? d.limit})` : reason);
  }
  if (typeof d.failure === 'string') parts.push(FAILURES[d.failure] ?? `Failure: ${d.failure}`);
  // A test of typed values names the data source as its target and the host it tried here.
  if (typeof d.host === 'string') parts.push(event.action === 'datasource.test' ? `Host ${d.host}` : d.host);
  if (typeof d.origin === 'string') parts.push(d.origin);
  if (typeof d.status === 'number') parts.push(`HTTP ${d.status}`);
  if (typeof d.request === 'string') parts.push(d.request);
  const role = RoleSchema.safeParse(d.role);
  if (role.success) parts.push(`Role: ${ROLE_LABELS[role.data]}`);
  // A check's outcome in the dashboard's words ("Healthy"), not the stored state ("enabled").
  const state = HealthStateSchema.safeParse(d.state);
  if (state.success) parts.push(`Result: ${HEALTH_STATE_LABELS[state.data]}`);
  else if (typeof d.state === 'string') parts.push(`Result: ${d.state}`);
  if (typeof d.reencrypted === 'number') parts.push(`${d.reencrypted} secrets re-encrypted`);
  // An API key by its visible start, never more of it.
  if (typeof d.prefix === 'string') parts.push(`Key ${d.prefix}`);
  if (typeof d.by === 'string') parts.push(`By ${d.by}`);
  return parts.join(' · ');
}

export function AuditDetails({ event }: { event: AuditEvent }) {
  const text = describeDetails(event);
  return text ? (
    // Words wrap whole; only one longer than the whole line is cut.
    <Text size="sm" style={{ overflowWrap: 'break-word' }}>
      {text}
    </Text>
  ) : (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
}
