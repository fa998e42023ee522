import { z } from 'zod';

/** The inclusive integer range of the rating scale; Primum's is RAND/UCLA 1-9. */
export type Scale = { min: number; max: number };

export const DEFAULT_SCALE: Scale = { min: 1, max: 9 };

/** One rating row of an import file (CSV or JSONL) after cells have been read; messages name the field. */
export function ratingRowSchema(scale: Scale) {
  const range = `score must be an integer from ${scale.min} to ${scale.max}`;
  return z.object({
    item: z.string({ error: 'item must be a string' }).trim().min(1, { error: 'item is empty' }),
    rater: z.string({ error: 'rater must be a string' }).trim().min(1, { error: 'rater is empty' }),
    score: z.number({ error: 'score must be a number' }).int({ error: range }).min(scale.min, { error: range }).max(scale.max, { error: range }),
    case: z.string({ error: 'case must be a string' }).trim().optional(),
  });
}

/** "1-9" -> { min: 1, max: 9 }; null when malformed or narrower than two values. */
export function parseScale(text: string): Scale | null {
  const match = /^\s*(-?\d+)\s*-\s*(-?\d+)\s*$/.exec(text);
  if (!match) return null;
  const [min, max] = [Number(match[1]), Number(match[2])];
  return min < max ? { min, max } : null;
}

export function scaleValues({ min, max }: Scale): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}
