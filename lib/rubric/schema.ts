import { z } from 'zod';
import { SPECIALTIES, specialtyOfCaseId } from '@/lib/specialties';

const score = z.number().int().min(1).max(9);
// Kept exactly as given (no trimming), so that an export reproduces the source text.
const nonBlank = z.string().refine((value) => value.trim().length > 0, 'a non-blank string');

/** One option of a NOHARM rubric. Unknown keys are kept (loose) and exported again. */
export const rubricOptionSchema = z.looseObject({
  id: z.number().int().positive(),
  text: nonBlank,
  // Free text: NOHARM uses Diagnostic, Medication, ... and also Multiple; new ones are accepted.
  category: nonBlank,
  score: score.nullable().optional(),
  bestInGroup: z.boolean().optional(),
  isHarmOfInaction: z.boolean().optional(),
  abstraction: z.string().nullable().optional(),
  abstractionType: z.enum(['harm', 'alternative']).nullable().optional(),
  dependsOn: z.array(z.number().int().positive()).optional(),
});

// Checked on the option list itself so that it still runs when other parts of the file are wrong.
const optionsSchema = z
  .array(rubricOptionSchema)
  .min(1)
  .superRefine((options, ctx) => {
    const ids = new Set<number>();
    options.forEach((option, index) => {
      if (ids.has(option.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `a unique option id (${option.id} appears twice)` });
      ids.add(option.id);
    });
    options.forEach((option, index) => {
      option.dependsOn?.forEach((target, position) => {
        if (!ids.has(target)) ctx.addIssue({ code: 'custom', path: [index, 'dependsOn', position], message: `the id of another option of this case (no option ${target})` });
      });
    });
  });

const knownPrefixes = SPECIALTIES.map((s) => s.code).join(', ');

/** A NOHARM rubric file (../shared/datasets/noharm-open/rubrics/*.json). */
export const rubricSchema = z
  .looseObject({
    id: z
      .string()
      .regex(/^[A-Za-z]+\d+$/, 'a case id such as Card001 (specialty prefix + number)')
      .refine((id) => specialtyOfCaseId(id) !== null, `a case id whose prefix is a known specialty (${knownPrefixes})`),
    open: z.boolean().optional(),
    case: z.looseObject({
      presentation: nonBlank,
      recommendations: z.string(),
    }),
    options: optionsSchema,
    abstractionGroups: z.array(z.looseObject({ name: z.string() })).optional(),
    specialistConsult: z.looseObject({}).optional(),
  });

export type Rubric = z.infer<typeof rubricSchema>;
export type RubricOption = z.infer<typeof rubricOptionSchema>;
