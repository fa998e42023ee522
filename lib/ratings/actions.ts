'use server';

import { safeAction } from '@/lib/actions/safe-action';
import { RATING_ROLES } from '@/lib/auth/roles';
import { submitRatingSchema } from '@/lib/ratings/schema';
import { submitRating, type SubmitRatingResult } from '@/lib/ratings/service';

/** Save one score the moment the physician gives it. */
export const rateOption = safeAction<typeof submitRatingSchema, SubmitRatingResult>(RATING_ROLES, submitRatingSchema, async (input, user) => ({
  ok: true,
  data: await submitRating({ user, ...input }),
}));
