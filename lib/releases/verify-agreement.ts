import { releaseAgreement, type ReleaseAgreement } from '@/lib/releases/agreement';
import type { OptionRow, RatingRow } from '@/lib/releases/archive/types';
import { sameValue, type ProblemList } from '@/lib/releases/verify-report';
import { optionKey } from '@/lib/releases/verify-rows';

/**
 * Check 7 of `primum verify`: agreement.json recomputed from ratings.jsonl (each rating with its
 * option's specialty and category from options.jsonl) with the replicates and seed the file records,
 * every number compared (within 1e-9), each difference named by its JSON path (the first 20 listed).
 */

/** Paths where `found` differs from `expected` (numbers within 1e-9, keys and lengths exactly), in document order. */
export function jsonDifferences(expected: unknown, found: unknown, path = ''): Array<{ path: string; expected: unknown; found: unknown }> {
  const out: Array<{ path: string; expected: unknown; found: unknown }> = [];
  const walk = (e: unknown, f: unknown, at: string) => {
    if (Array.isArray(e) && Array.isArray(f)) {
      if (e.length !== f.length) out.push({ path: `${at}.length`, expected: e.length, found: f.length });
      for (let i = 0; i < Math.min(e.length, f.length); i++) walk(e[i], f[i], `${at}[${i}]`);
    } else if (e && f && typeof e === 'object' && typeof f === 'object' && !Array.isArray(e) && !Array.isArray(f)) {
      const keys = new Set([...Object.keys(e), ...Object.keys(f)]);
      for (const key of keys) walk((e as Record<string, unknown>)[key], (f as Record<string, unknown>)[key], at ? `${at}.${key}` : key);
    } else if (!sameValue(e, f)) {
      out.push({ path: at || '(top)', expected: e, found: f });
    }
  };
  walk(expected, found, path);
  return out;
}

const FILE = 'agreement.json';

/** Recomputes the agreement figures and reports where agreement.json differs; returns the recomputed figures. */
export function checkAgreement(found: unknown, options: readonly OptionRow[], ratings: readonly RatingRow[], problems: ProblemList): ReleaseAgreement | null {
  const bootstrap = (found as { bootstrap?: { replicates?: unknown; seed?: unknown } } | null)?.bootstrap;
  const { replicates, seed } = bootstrap ?? {};
  if (!Number.isSafeInteger(replicates) || (replicates as number) < 0 || !Number.isSafeInteger(seed)) {
    problems.add(FILE, 'bootstrap.replicates and bootstrap.seed must be integers: the figures cannot be recomputed without them');
    return null;
  }
  const optionOf = new Map(options.map((o) => [optionKey(o), o]));
  const rows = ratings.flatMap((r) => {
    const option = optionOf.get(optionKey(r));
    return option ? [{ case_id: r.case_id, option_id: r.option_id, rater_id: r.rater_id, score: r.score, specialty: option.specialty, category: option.category }] : [];
  });
  const recomputed = releaseAgreement(rows, { bootstrap: replicates as number, seed: seed as number });
  // Compare what the file can hold: JSON has no undefined (dropped) and no NaN (null).
  const expected: unknown = JSON.parse(JSON.stringify(recomputed));
  for (const d of jsonDifferences(expected, found)) problems.mismatch(FILE, d.path, d.expected, d.found);
  return recomputed;
}
