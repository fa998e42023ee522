import { z } from 'zod';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

export const uploadRubricsSchema = z.object({
  projectId: z.string().min(1),
  files: z
    .array(
      z.object({
        name: z.string().regex(/\.json$/i, 'a .json rubric file'),
        content: z.string().max(MAX_FILE_BYTES, 'a file of at most 5 MB'),
      }),
    )
    .min(1, 'Choose at least one rubric JSON file.'),
});
