import { Router } from 'express';
import { FolderCreateSchema, type Folder } from '@keyway/shared';
import { isUniqueViolation } from '../../db/database';
import type { FolderRow, FoldersRepository } from '../../db/repositories/folders.repository';
import { conflict } from '../../http/errors';
import { parseWith } from '../../http/validate';

export function presentFolder(row: FolderRow): Folder {
  return { id: row.id, name: row.name, title: row.title, dataSourceCount: row.data_source_count, createdAt: row.created_at };
}

export function folderRoutes(folders: FoldersRepository): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json({ folders: (await folders.list()).map(presentFolder) });
  });

  router.post('/', async (req, res) => {
    const input = parseWith(FolderCreateSchema, req.body);
    try {
      const row = await folders.insert(input.name, input.title);
      req.log.info({ folderId: row.id }, 'folder created');
      res.status(201).json({ folder: presentFolder(row) });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`A folder named "${input.name}" already exists.`, { name: ['This name is already used by another folder'] });
      }
      throw error;
    }
  });

  return router;
}
