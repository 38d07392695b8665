import { describe, expect, it } from 'vitest';
import { can, ROLE_DESCRIPTIONS, ROLES, type Permission } from './roles';

const ALL: Permission[] = ['read', 'datasources.write', 'datasources.test', 'health.operate', 'users.manage', 'api_keys.manage', 'audit.read'];

describe('roles', () => {
  it('gives an Administrator everything', () => {
    expect(ALL.filter((p) => !can('admin', p))).toEqual([]);
  });

  it('gives an Editor folders, data sources, tests and health operations, but no users, API keys or audit log', () => {
    expect(ALL.filter((p) => can('editor', p))).toEqual(['read', 'datasources.write', 'datasources.test', 'health.operate']);
  });

  it('lets a Viewer read and nothing else, not even test', () => {
    expect(ALL.filter((p) => can('viewer', p))).toEqual(['read']);
  });

  it('grants nothing without a role', () => {
    expect(ALL.some((p) => can(undefined, p))).toBe(false);
  });

  it('orders roles from most to least powerful, so each grants a superset of the next', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const stronger = ALL.filter((p) => can(ROLES[i - 1], p));
      const weaker = ALL.filter((p) => can(ROLES[i], p));
      expect(weaker.every((p) => stronger.includes(p))).toBe(true);
      expect(stronger.length).toBeGreaterThan(weaker.length);
    }
  });

  it('describes each role by the pages its grants open, and promises nothing only the CLI does', () => {
    for (const role of ROLES) {
      const description = ROLE_DESCRIPTIONS[role];
      expect(description.includes('Users'), role).toBe(can(role, 'users.manage'));
      expect(description.includes('Audit log'), role).toBe(can(role, 'audit.read'));
      expect(description.includes('API keys'), role).toBe(can(role, 'api_keys.manage'));
      expect(description).not.toMatch(/rotat/i);
    }
  });
});
