import { z } from 'zod';
import { ROLES } from './roles';

// Apart from roles.ts, which the console's first load reads (labels, `can`) without zod.
export const RoleSchema = z.enum(ROLES, { message: 'Choose Administrator, Editor or Viewer' });
