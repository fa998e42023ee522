'use server';

import { revalidatePath } from 'next/cache';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { uploadRubricsSchema } from '@/lib/import/schema';
import { formatProblem, type ImportProblem } from '@/lib/import/parse-rubrics';
import { importRubricsAs } from '@/lib/import/service';

const upload = safeAction<typeof uploadRubricsSchema, ImportProblem[]>(COORDINATING_ROLES, uploadRubricsSchema, async ({ projectId, files }, user) => {
  try {
    const result = await importRubricsAs(user, projectId, files);
    revalidatePath(`/projects/${result.project.slug}`);
    const lines = [`Imported ${result.imported.cases} case(s) with ${result.imported.options} option(s); ${result.assigned} assignment(s) made.`];
    if (result.skipped.length) lines.push(`Already present, left unchanged: ${result.skipped.join(', ')}.`);
    for (const w of result.waiting) lines.push(`${w.externalId} waits for physicians: ${w.have} of ${w.need}.`);
    return { ok: true, message: lines.join('\n') };
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID_INPUT' && Array.isArray(error.details)) {
      const problems = error.details as ImportProblem[];
      return { ok: false, message: `Nothing was imported: ${problems.length} problem(s) found.`, data: problems.map((p) => ({ ...p, message: formatProblem(p) })) };
    }
    throw error;
  }
});

/** Upload rubric files from the project page (all or nothing). */
export async function uploadRubrics(_state: ActionState<ImportProblem[]>, formData: FormData): Promise<ActionState<ImportProblem[]>> {
  const files = await Promise.all(
    formData
      .getAll('files')
      // An empty file input sends one nameless, empty entry; a named empty file is kept (and refused).
      .filter((entry): entry is File => typeof entry === 'object' && (entry.name !== '' || entry.size > 0))
      .map(async (file) => ({ name: file.name, content: await file.text() })),
  );
  return upload({ projectId: formData.get('projectId'), files });
}
