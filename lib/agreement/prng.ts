/**
 * mulberry32: a tiny 32-bit PRNG (Tommy Ettinger, public domain). Not cryptographic; chosen because
 * the same seed gives the same bootstrap interval on every machine and Node version, unlike Math.random.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
