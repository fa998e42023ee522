import 'server-only';
import type { ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES, type SessionUser } from '@/lib/auth/roles';
import { AppError, isAppError } from '@/lib/errors';
import type { EvalInputError } from '@/lib/evaluation/parse';
import { EVAL_UPLOAD_LIMITS } from '@/lib/evaluations/limits';
import { uploadModel, type UploadFile } from '@/lib/evaluations/service';
import { formatBytes } from '@/lib/import/limits';
import { requireProjectAccess } from '@/lib/projects/membership';

export type UploadProblem = { file: string; line: number | null; message: string };

function problemOf(error: EvalInputError): UploadProblem {
  return { file: error.file, line: error.line, message: error.reason };
}

function fileOf(form: FormData, field: string): File | null {
  const entry = form.get(field);
  // An empty file input sends one nameless, empty entry.
  return entry && typeof entry !== 'string' && (entry.name !== '' || entry.size > 0) ? entry : null;
}

async function textOf(file: File): Promise<string | UploadProblem> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return { file: file.name, line: null, message: 'not UTF-8 text (a JSONL file is UTF-8, one JSON object a line)' };
  }
}

/**
 * A model upload from the Evaluations page, in this order: role, project access, sizes (from the
 * form's metadata), and only then the files' bytes are read. All or nothing.
 */
export async function uploadModelForm(user: SessionUser, form: FormData): Promise<ActionState<UploadProblem[]>> {
  if (!COORDINATING_ROLES.includes(user.role)) throw new AppError('FORBIDDEN', 'Your role does not allow this.');
  const projectId = form.get('projectId');
  if (typeof projectId !== 'string' || projectId === '') throw new AppError('INVALID_INPUT', 'The upload names no project; reload the page and try again.');
  await requireProjectAccess(user, projectId);
  const judged = fileOf(form, 'judged');
  const responses = fileOf(form, 'responses');
  if (!judged) return { ok: false, message: 'Choose the judged records file (<model>_judged.jsonl).', errors: { judged: ['Choose a file.'] } };
  const tooBig: UploadProblem[] = [];
  if (judged.size > EVAL_UPLOAD_LIMITS.judgedBytes) tooBig.push({ file: judged.name, line: null, message: `${formatBytes(judged.size)}; a judged file may have at most ${formatBytes(EVAL_UPLOAD_LIMITS.judgedBytes)}` });
  if (responses && responses.size > EVAL_UPLOAD_LIMITS.responsesBytes) tooBig.push({ file: responses.name, line: null, message: `${formatBytes(responses.size)}; a responses file may have at most ${formatBytes(EVAL_UPLOAD_LIMITS.responsesBytes)}` });
  if (tooBig.length > 0) return { ok: false, message: 'Nothing was uploaded: a file is too large.', data: tooBig };

  const texts = await Promise.all([textOf(judged), responses ? textOf(responses) : Promise.resolve(null)]);
  const unreadable = texts.filter((t): t is UploadProblem => t !== null && typeof t !== 'string');
  if (unreadable.length > 0) return { ok: false, message: 'Nothing was uploaded: a file is not text.', data: unreadable };
  const [judgedText, responsesText] = texts as [string, string | null];
  const name = form.get('name');
  try {
    const result = await uploadModel(user, projectId, {
      name: typeof name === 'string' ? name : undefined,
      judged: { name: judged.name, text: judgedText } satisfies UploadFile,
      responses: responses && responsesText !== null ? { name: responses.name, text: responsesText } : undefined,
    });
    const missing = result.withoutResponse > 0 ? ` ${result.withoutResponse} record(s) have no plan text (upload the responses file to show it).` : '';
    return { ok: true, message: `Uploaded "${result.name}": ${result.records} record(s) of ${result.cases} case(s).${missing}` };
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID_INPUT' && Array.isArray(error.details)) {
      return { ok: false, message: error.message, data: (error.details as EvalInputError[]).map(problemOf) };
    }
    throw error;
  }
}
