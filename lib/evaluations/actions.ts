'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { createEvaluationSchema } from '@/lib/evaluations/schema';
import { createEvaluation, deleteModel } from '@/lib/evaluations/service';
import { uploadModelForm, type UploadProblem } from '@/lib/evaluations/upload';

const slugSchema = z.string().min(1);

// The form goes to the handler unread: session and role (safeAction), then project access, then sizes, then bytes.
const upload = safeAction<z.ZodType<FormData>, UploadProblem[]>(COORDINATING_ROLES, z.instanceof(FormData, { message: 'an upload form' }), async (form, user) => {
  const state = await uploadModelForm(user, form);
  const slug = slugSchema.safeParse(form.get('slug'));
  if (state.ok && slug.success) revalidatePath(`/projects/${slug.data}/evaluations`);
  return state;
});

/** Upload one model's judged records (and optionally its responses) to a project. */
export async function uploadModelAction(_state: ActionState<UploadProblem[]>, formData: FormData): Promise<ActionState<UploadProblem[]>> {
  return upload(formData);
}

const remove = safeAction(COORDINATING_ROLES, z.object({ modelId: z.string().min(1), slug: slugSchema }), async ({ modelId, slug }, user) => {
  const { name } = await deleteModel(user, modelId);
  revalidatePath(`/projects/${slug}/evaluations`);
  return { ok: true, message: `Deleted "${name}" and its records.` };
});

export async function deleteModelAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return remove({ modelId: formData.get('modelId'), slug: formData.get('slug') });
}

const create = safeAction(
  COORDINATING_ROLES,
  createEvaluationSchema.extend({ projectId: z.string().min(1), slug: slugSchema }),
  async ({ projectId, slug, ...input }, user): Promise<ActionState<{ id: string }>> => {
    const { id } = await createEvaluation(user, projectId, input);
    revalidatePath(`/projects/${slug}/evaluations`);
    return { ok: true, message: 'Evaluation computed.', data: { id } };
  },
);

/** Score the chosen models against a locked release (figures kept; the page then opens it). */
export async function createEvaluationAction(_state: ActionState<{ id: string }>, formData: FormData): Promise<ActionState<{ id: string }>> {
  return create({
    projectId: formData.get('projectId'),
    slug: formData.get('slug'),
    releaseId: formData.get('releaseId') ?? '',
    modelIds: formData.getAll('modelIds'),
    bootstrap: formData.get('bootstrap') ?? '',
    seed: formData.get('seed') ?? '',
  });
}
