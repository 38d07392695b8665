import { z } from 'zod';
import { RoleSchema } from './role.schema';

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address' }).max(254));

/** Sign-in takes any non-empty password: a length rule here would leak the policy to guessers. */
export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, 'Enter your password').max(1024),
});
export type SignInInput = z.infer<typeof SignInSchema>;

/** NIST SP 800-63B: length matters, composition rules do not. */
export const NewPasswordSchema = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(1024, 'Use at most 1024 characters');

export const CreateAdministratorSchema = z.object({
  email: EmailSchema,
  password: NewPasswordSchema,
});
export type CreateAdministratorInput = z.infer<typeof CreateAdministratorSchema>;

/** Changing one's own password: the current one proves it is the person, not a borrowed session. */
export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(1024),
    newPassword: NewPasswordSchema,
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    message: 'Choose a password different from the current one',
    path: ['newPassword'],
  });
export type PasswordChangeInput = z.infer<typeof PasswordChangeSchema>;

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
});
export type User = z.infer<typeof UserSchema>;

export const SessionStateSchema = z.object({
  user: UserSchema.nullable(),
  /** True while no account exists: the console shows "Create administrator" instead of sign-in. */
  setupRequired: z.boolean(),
  /** Why the session this browser had has ended (a timeout, a role change), to say on the sign-in page. */
  notice: z.string().optional(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;
