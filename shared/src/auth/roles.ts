/**
 * Who may do what. The server enforces it on every route; the console uses the same table to
 * show only what the signed-in person may do, so the two cannot disagree.
 */
export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  editor: 'Editor',
  viewer: 'Viewer',
};

/** What each role finds in the console, in the words of its pages (key rotation is the CLI's, not a role's). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin:
    'Everything an Editor can do, plus Users (add people, change roles, reset passwords, disable accounts), API keys (create and revoke keys for programs) and the Audit log.',
  editor: 'Creates folders; creates, edits, tests and deletes data sources; runs checks now, pauses and resumes them and sets their interval.',
  viewer: 'Sees Health and the Data Sources lists, with each data source\'s details. Cannot change, test or check anything.',
};

export type Permission =
  /** Health dashboard, data source lists and details (never secrets). */
  | 'read'
  /** Folders and data sources: create, edit, delete; fetch a Swagger URL. */
  | 'datasources.write'
  /** Test Connection and Run check now: they spend the integration user's API calls. */
  | 'datasources.test'
  /** Pause, resume and the check interval. */
  | 'health.operate'
  | 'users.manage'
  /** Create, list and revoke the API keys programs use for /api/v1. */
  | 'api_keys.manage'
  | 'audit.read';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['read', 'datasources.write', 'datasources.test', 'health.operate', 'users.manage', 'api_keys.manage', 'audit.read'],
  editor: ['read', 'datasources.write', 'datasources.test', 'health.operate'],
  viewer: ['read'],
};

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && GRANTS[role].includes(permission);
}
