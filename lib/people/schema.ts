import { z } from 'zod';
import { SPECIALTIES } from '@/lib/specialties';
import { ROLES } from '@/lib/invitations/schema';

const codes = SPECIALTIES.map((s) => s.code) as [string, ...string[]];

export const peopleFilterSchema = z.object({
  role: z.enum(ROLES).optional().catch(undefined),
  specialty: z.enum(codes).optional().catch(undefined),
  status: z.enum(['active', 'inactive']).optional().catch(undefined),
  q: z.string().trim().max(120).optional().catch(undefined),
});
export type PeopleFilter = z.infer<typeof peopleFilterSchema>;

export const setRoleSchema = z
  .object({
    userId: z.string().min(1).max(64),
    role: z.enum(ROLES, 'Choose a role: physician, adjudicator, coordinator or admin.'),
    specialties: z.array(z.enum(codes, `Specialties must be among ${codes.join(', ')}.`)).default([]),
  })
  .refine((v) => v.role !== 'PHYSICIAN' || v.specialties.length > 0, { path: ['specialties'], message: 'A physician needs at least one specialty.' });

export const setActiveSchema = z.object({ userId: z.string().min(1).max(64), isActive: z.enum(['true', 'false']).transform((v) => v === 'true') });

export const memberSchema = z.object({ projectId: z.string().min(1).max(64), userId: z.string().min(1, 'Choose a person to add.').max(64) });
