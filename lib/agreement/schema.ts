/** The inclusive integer range of the rating scale; Primum's is RAND/UCLA 1-9. */
export type Scale = { min: number; max: number };

export const DEFAULT_SCALE: Scale = { min: 1, max: 9 };

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
