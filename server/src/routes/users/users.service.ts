import type { Request } from 'express';
import { ROLE_LABELS, type Role, type UserAccount, type UserCreateInput } from '@keyway/shared';
import type { AuditLog } from '../../audit/audit-log';
import { hashPassword } from '../../crypto/password';
import { isUniqueViolation } from '../../db/database';
import { serialQueue } from '../../db/serially';
import type { UserRow, UsersRepository } from '../../db/repositories/users.repository';
import { conflict, notFound } from '../../errors';

export function presentAccount(row: UserRow): UserAccount {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

const target = (row: UserRow) => ({ type: 'user', id: row.id, label: row.email });

/**
 * Accounts, managed by administrators. Every change to a role, an account's state or its password
 * ends that person's sessions. The console always keeps one enabled administrator, and nobody
 * can demote or disable themselves (another administrator must).
 */
export function createUsersService(users: UsersRepository, audit: AuditLog) {
  // Changes run one at a time, so two administrators demoting each other at once cannot leave
  // none: the "is another administrator left?" check and the write happen without interleaving.
  const serially = serialQueue();

  async function load(id: string): Promise<UserRow> {
    const row = await users.findById(id);
    if (!row) throw notFound('The user');
    return row;
  }

  async function assertAnotherAdministratorRemains(row: UserRow) {
    if (row.role === 'admin' && !row.disabled_at && (await users.countActiveAdministrators()) <= 1) {
      throw conflict(`${row.email} is the only enabled administrator. Make someone else an administrator first.`);
    }
  }

  function assertNotSelf(row: UserRow, actor: UserRow, what: string) {
    if (row.id === actor.id) throw conflict(`You cannot ${what} yourself. Ask another administrator.`);
  }

  return {
    async list(): Promise<UserAccount[]> {
      return (await users.list()).map(presentAccount);
    },

    create(req: Request, input: UserCreateInput): Promise<UserAccount> {
      return serially(async () => {
        let row: UserRow;
        try {
          row = await users.insert(input.email, await hashPassword(input.password), input.role);
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw conflict(`An account for ${input.email} already exists.`, { email: ['This email already has an account'] });
          }
          throw error;
        }
        await audit.record(req, { action: 'user.create', target: target(row), details: { role: row.role } });
        return presentAccount(row);
      });
    },

    changeRole(req: Request, actor: UserRow, id: string, role: Role): Promise<UserAccount> {
      return serially(async () => {
        const row = await load(id);
        if (row.role === role) return presentAccount(row);
        assertNotSelf(row, actor, 'change the role of');
        if (role !== 'admin') await assertAnotherAdministratorRemains(row);
        await users.setRole(id, role);
        await audit.record(req, {
          action: 'user.role_change',
          target: target(row),
          details: { from: ROLE_LABELS[row.role], to: ROLE_LABELS[role] },
        });
        return presentAccount(await load(id));
      });
    },

    setDisabled(req: Request, actor: UserRow, id: string, disabled: boolean): Promise<UserAccount> {
      return serially(async () => {
        const row = await load(id);
        if ((row.disabled_at !== null) === disabled) return presentAccount(row);
        if (disabled) {
          assertNotSelf(row, actor, 'disable');
          await assertAnotherAdministratorRemains(row);
        }
        await users.setDisabled(id, disabled);
        await audit.record(req, { action: disabled ? 'user.disable' : 'user.enable', target: target(row) });
        return presentAccount(await load(id));
      });
    },

    resetPassword(req: Request, id: string, password: string): Promise<UserAccount> {
      return serially(async () => {
        const row = await load(id);
        await users.setPasswordHash(id, await hashPassword(password));
        await audit.record(req, { action: 'user.password_reset', target: target(row) });
        return presentAccount(await load(id));
      });
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
