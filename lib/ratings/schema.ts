import { z } from 'zod';
import { SCORE_MAX, SCORE_MIN } from '@/lib/ratings/scale';

export const submitRatingSchema = z.object({
  optionId: z.string().min(1).max(64),
  score: z.coerce.number().int(`a whole number from ${SCORE_MIN} to ${SCORE_MAX}`).min(SCORE_MIN).max(SCORE_MAX),
});

export type SubmitRatingInput = z.infer<typeof submitRatingSchema>;
