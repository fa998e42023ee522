import { z } from 'zod';
import { SPECIALTIES } from '@/lib/specialties';

const codes = SPECIALTIES.map((s) => s.code) as [string, ...string[]];

export const createUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().email('a valid email address'),
    name: z.string().trim().min(1, 'a name').max(120),
    role: z.enum(['ADMIN', 'COORDINATOR', 'ADJUDICATOR', 'PHYSICIAN']),
    password: z.string().min(10, 'at least 10 characters').max(200),
    specialties: z.array(z.enum(codes, `one of ${codes.join(', ')}`)).default([]),
    /** Slugs of the projects the user joins (they must exist). */
    projects: z.array(z.string().trim().min(1)).default([]),
  })
  .refine((u) => u.role !== 'PHYSICIAN' || u.specialties.length > 0, { path: ['specialties'], message: 'a physician needs at least one specialty' });

export type CreateUserInput = z.input<typeof createUserSchema>;
