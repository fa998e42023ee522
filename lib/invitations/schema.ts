import { z } from 'zod';
import { SPECIALTIES } from '@/lib/specialties';

const codes = SPECIALTIES.map((s) => s.code) as [string, ...string[]];

export const ROLES = ['ADMIN', 'COORDINATOR', 'ADJUDICATOR', 'PHYSICIAN'] as const;

/** What a coordinator fills in to invite someone. */
export const createInvitationSchema = z
  .object({
    email: z.string().trim().toLowerCase().email('Enter a valid email address.'),
    role: z.enum(ROLES, 'Choose a role: physician, adjudicator, coordinator or admin.'),
    specialties: z.array(z.enum(codes, `Specialties must be among ${codes.join(', ')}.`)).default([]),
    projectId: z.string().trim().max(64).optional().transform((v) => v || undefined),
    expiresInDays: z.coerce.number().int('Days must be a whole number.').min(1, 'A link lasts at least 1 day.').max(30, 'A link lasts at most 30 days.').default(7),
  })
  .refine((v) => v.role !== 'PHYSICIAN' || v.specialties.length > 0, { path: ['specialties'], message: 'A physician needs at least one specialty.' });

export type CreateInvitationInput = z.input<typeof createInvitationSchema>;

/** What the invitee (or the person resetting) fills in on /welcome/<token>. */
export const acceptInvitationSchema = z
  .object({
    token: z.string().min(1, 'This link is not valid.').max(200, 'This link is not valid.'),
    name: z.string().trim().min(1, 'Enter your name.').max(120, 'A name has at most 120 characters.').optional(),
    password: z.string().min(10, 'The password needs at least 10 characters.').max(200, 'The password has at most 200 characters.'),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' });

export type AcceptInvitationInput = z.input<typeof acceptInvitationSchema>;

export const resetLinkSchema = z.object({
  userId: z.string().min(1).max(64),
  expiresInDays: z.coerce.number().int().min(1, 'A link lasts at least 1 day.').max(30, 'A link lasts at most 30 days.').default(7),
});
