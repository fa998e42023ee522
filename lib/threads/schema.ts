import { z } from 'zod';

export const REPLY_MAX = 4000;

/** A reply in an option's thread: to one rater (by their place in the option's roster) or a note for reviewers only. */
export const addReplySchema = z
  .object({
    optionId: z.string().min(1, 'optionId: missing').max(64, 'optionId: too long'),
    /** Index of the rater answered in the option's roster (Rater A = 0); null: a note no physician sees. */
    toRater: z.number().int('toRater: a whole number').min(0, 'toRater: not a rater of this option').max(50, 'toRater: not a rater of this option').nullable(),
    /** The fingerprint of the roster the form was rendered from (lib/threads/roster `rosterFingerprint`); required with toRater. */
    roster: z.string().regex(/^[0-9a-f]{64}$/, 'roster: not a roster fingerprint (64 hex characters)').nullable().default(null),
    body: z.string().trim().min(1, 'reply: write something').max(REPLY_MAX, `reply: at most ${REPLY_MAX} characters`),
  })
  .refine((input) => input.toRater === null || input.roster !== null, { path: ['roster'], message: 'roster: missing; a reply to a rater must say which roster it was chosen from' });

export type AddReplyInput = z.input<typeof addReplySchema>;
