'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import type { ImportProblem } from '@/lib/import/parse-rubrics';
import { uploadRubricForm } from '@/lib/import/upload';

// The form goes to the handler unread: session and role (safeAction), then project access, then sizes, then bytes.
const upload = safeAction<z.ZodType<FormData>, ImportProblem[]>(
  COORDINATING_ROLES,
  z.instanceof(FormData, { message: 'an upload form' }),
  async (form, user) => {
    const { state, slug } = await uploadRubricForm(user, form);
    if (slug) revalidatePath(`/projects/${slug}`);
    return state;
  },
);

/** Upload rubric files from the project page (all or nothing). */
export async function uploadRubrics(_state: ActionState<ImportProblem[]>, formData: FormData): Promise<ActionState<ImportProblem[]>> {
  return upload(formData);
}
