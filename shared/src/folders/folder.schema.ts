import { z } from 'zod';
import { MachineNameSchema } from '../names';
import { displayText } from '../text/display-text.schema';

export const FolderCreateSchema = z.object({
  /** What administrators read in the folder list. */
  title: displayText().trim().min(1, 'Title is required').max(100, 'Use at most 100 characters'),
  /** Unique, URL-safe; derived from the title unless edited. */
  name: MachineNameSchema,
});
export type FolderCreateInput = z.infer<typeof FolderCreateSchema>;

export const FolderSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  dataSourceCount: z.number().int(),
  createdAt: z.string(),
});
export type Folder = z.infer<typeof FolderSchema>;
