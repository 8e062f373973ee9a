import { z } from 'zod';

/** Minimum rules for a password; the server and the sign-up form share them. */
export const passwordSchema = z
  .string()
  .min(8, 'Password must be at least 8 characters long.')
  .max(256, 'Password must be at most 256 characters long.');

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long.')
  .pipe(z.email('Enter a valid email address.'));

/** `POST /api/signup/`: the first user of an organization creates it. */
export const signupRequestSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  first_name: z.string().trim().max(150).optional().default(''),
  organization_name: z.string().trim().min(1).max(64).optional(),
});
export type SignupRequest = z.input<typeof signupRequestSchema>;

/** `POST /api/login/` */
export const loginRequestSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(256),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;
