import { Router } from 'express';
import { FolderCreateSchema, type Folder } from '@keyway/shared';
import type { AuditLog } from '../../audit/audit-log';
import { isUniqueViolation } from '../../db/database';
import type { FolderRow, FoldersRepository } from '../../db/repositories/folders.repository';
import { allow } from '../../http/authorization';
import { conflict } from '../../errors';
import { parseWith } from '../../http/validate';

export function presentFolder(row: FolderRow): Folder {
  return { id: row.id, name: row.name, title: row.title, dataSourceCount: row.data_source_count, createdAt: row.created_at };
}

export function folderRoutes(folders: FoldersRepository, audit: AuditLog): Router {
  const router = Router();

  router.get('/', allow('read'), async (_req, res) => {
    res.json({ folders: (await folders.list()).map(presentFolder) });
  });

  router.post('/', allow('datasources.write'), async (req, res) => {
    const input = parseWith(FolderCreateSchema, req.body);
    let row: FolderRow;
    try {
      row = await folders.insert(input.name, input.title);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`A folder named "${input.name}" already exists.`, { name: ['This name is already used by another folder'] });
      }
      throw error;
    }
    req.log.info({ folderId: row.id }, 'folder created');
    await audit.record(req, { action: 'folder.create', target: { type: 'folder', id: row.id, label: row.title } });
    res.status(201).json({ folder: presentFolder(row) });
  });

  return router;
}
