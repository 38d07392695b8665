import type { Request } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createAuditLog } from '../../audit/audit-log';
import { migrateToLatest, openDatabase, type Db } from '../../db/database';
import { createAuditRepository } from '../../db/repositories/audit.repository';
import { createUsersRepository } from '../../db/repositories/users.repository';
import { createUsersService } from './users.service';

describe('users service', () => {
  let db: Db;
  beforeEach(async () => {
    db = openDatabase({});
    await migrateToLatest(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('attack: two administrators demoting each other at the same moment leave one administrator', async () => {
    const users = createUsersRepository(db);
    const service = createUsersService(users, createAuditLog(createAuditRepository(db), pino({ level: 'silent' })));
    const a = await users.insert('a@example.test', 'hash', 'admin');
    const b = await users.insert('b@example.test', 'hash', 'admin');
    const req = (user: typeof a) => ({ user, ip: '127.0.0.1' }) as unknown as Request;

    const results = await Promise.allSettled([
      service.changeRole(req(a), a, b.id, 'viewer'),
      service.changeRole(req(b), b, a.id, 'viewer'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message)).toMatch(/only enabled administrator/);
    expect(await users.countActiveAdministrators()).toBe(1);
  });
});
