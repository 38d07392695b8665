import { z } from 'zod';
import { EmailSchema, NewPasswordSchema } from '../auth/auth.schema';
import { RoleSchema } from '../auth/role.schema';

/** A console account as administrators see it on the Users page; never its password hash. */
export const UserAccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  /** Disabled accounts cannot sign in, and their sessions ended when they were disabled. */
  disabled: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type UserAccount = z.infer<typeof UserAccountSchema>;

export const UserCreateSchema = z.object({
  email: EmailSchema,
  role: RoleSchema,
  /** A first password the administrator hands over; the person can be given a new one with Reset password. */
  password: NewPasswordSchema,
});
export type UserCreateInput = z.infer<typeof UserCreateSchema>;

export const UserRoleUpdateSchema = z.object({ role: RoleSchema });

export const UserPasswordResetSchema = z.object({ password: NewPasswordSchema });
export type UserPasswordResetInput = z.infer<typeof UserPasswordResetSchema>;
