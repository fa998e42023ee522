'use server';

import { revalidatePath } from 'next/cache';
import { REVIEWING_ROLES } from '@/lib/auth/roles';
import { safeAction } from '@/lib/actions/safe-action';
import { addOptionReply } from './service';
import { addReplySchema } from './schema';

/** Answer a rater's flag or comment (or leave a reviewers-only note) in an option's thread. */
export const replyInThread = safeAction(REVIEWING_ROLES, addReplySchema, async (input, user) => {
  await addOptionReply({ user, ...input });
  revalidatePath('/projects', 'layout');
  return { ok: true, message: input.toRater === null ? 'Note added to the thread.' : 'Reply sent; the rater sees it beside their comment.' };
});
