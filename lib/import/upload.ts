import 'server-only';
import { COORDINATING_ROLES, type SessionUser } from '@/lib/auth/roles';
import type { ActionState } from '@/lib/actions/safe-action';
import { AppError, isAppError } from '@/lib/errors';
import { checkUploadSize, formatProblem, type ImportProblem } from '@/lib/import/parse-rubrics';
import { importRubrics } from '@/lib/import/service';
import { requireProjectAccess } from '@/lib/projects/membership';

export type UploadOutcome = { state: ActionState<ImportProblem[]>; slug?: string };

function refusal(problems: ImportProblem[]): UploadOutcome {
  return { state: { ok: false, message: `Nothing was imported: ${problems.length} problem(s) found.`, data: problems.map((p) => ({ ...p, message: formatProblem(p) })) } };
}

/**
 * A web upload of rubric files, in this order: role, project access (NOT_FOUND outside the user's
 * projects), count and sizes (from the form's metadata), and only then the files' bytes are read.
 * All or nothing: any problem refuses the whole upload and nothing is written.
 */
export async function uploadRubricForm(user: SessionUser, form: FormData): Promise<UploadOutcome> {
  if (!COORDINATING_ROLES.includes(user.role)) throw new AppError('FORBIDDEN', 'Your role does not allow this.');
  const projectId = form.get('projectId');
  if (typeof projectId !== 'string' || projectId === '') throw new AppError('INVALID_INPUT', 'The upload names no project; reload the page and try again.');
  await requireProjectAccess(user, projectId);

  const entries = form
    .getAll('files')
    // An empty file input sends one nameless, empty entry; a named empty file is kept (and refused).
    .filter((entry): entry is File => typeof entry !== 'string' && (entry.name !== '' || entry.size > 0));
  if (entries.length === 0) return { state: { ok: false, message: 'Choose at least one rubric JSON file.' } };
  const tooBig = checkUploadSize(entries.map((file) => ({ name: file.name, size: file.size })));
  if (tooBig.length > 0) return refusal(tooBig);

  const files = await Promise.all(entries.map(async (file) => ({ name: file.name, content: new Uint8Array(await file.arrayBuffer()) })));
  try {
    const result = await importRubrics({ actorId: user.id, project: { id: projectId }, files });
    const lines = [`Imported ${result.imported.cases} case(s) with ${result.imported.options} option(s); ${result.assigned} assignment(s) made.`];
    if (result.skipped.length) lines.push(`Already present, left unchanged: ${result.skipped.join(', ')}.`);
    for (const w of result.waiting) lines.push(`${w.externalId} waits for physicians: ${w.have} of ${w.need}.`);
    return { state: { ok: true, message: lines.join('\n') }, slug: result.project.slug };
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID_INPUT' && Array.isArray(error.details)) return refusal(error.details as ImportProblem[]);
    throw error;
  }
}
