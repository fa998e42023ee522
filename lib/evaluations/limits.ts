/**
 * Limits of a model upload. One NOHARM model is 330 judged records of a few KB each (about 2 MB with
 * the plan text); the caps leave room for 10x that, and the whole form stays under Next's server
 * action body limit (21 MB in next.config.ts).
 */
export const EVAL_UPLOAD_LIMITS = {
  judgedBytes: 12 * 1024 * 1024,
  responsesBytes: 8 * 1024 * 1024,
  records: 20_000,
  modelNameChars: 120,
  /** Problems listed; the rest are counted. */
  problems: 30,
} as const;

/** Bootstrap replicates an evaluation may ask for (the database checks the same range). */
export const EVAL_BOOTSTRAP = { min: 100, max: 20_000, default: 2000 } as const;
