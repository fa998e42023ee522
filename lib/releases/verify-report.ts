/**
 * The report of `primum verify` and the list that collects its problems. Each problem names where
 * it was found (file, case, option, field) and, for a mismatch, what the rows imply and what the
 * file holds, so that a reader can go straight to the line.
 */

export type VerifyProblem = {
  file: string;
  case?: string;
  option?: number;
  field?: string;
  expected?: unknown;
  found?: unknown;
  message: string;
};

export type VerifyReport = {
  ok: boolean;
  /** SHA-256 (hex) of MANIFEST.sha256: the release id shown in the app; null without a manifest. */
  releaseId: string | null;
  checked: { files: number; options: number; ratings: number; adjudications: number };
  problems: VerifyProblem[];
};

/** Where a problem sits inside a file. */
export type Place = { case?: string; option?: number };

/** A file that is wrong everywhere (a shifted column) would bury the other files' problems: list this many per file. */
export const PROBLEMS_PER_FILE = 20;

/** How a value is shown in a message: JSON, so that "3" (text) and 3 (number) stay distinct. */
export function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

export class ProblemList {
  private readonly listed: VerifyProblem[] = [];
  private readonly perFile = new Map<string, number>();

  get count(): number {
    return [...this.perFile.values()].reduce((sum, n) => sum + n, 0);
  }

  add(file: string, message: string, place: Place = {}, detail: Pick<VerifyProblem, 'field' | 'expected' | 'found'> = {}): void {
    const seen = (this.perFile.get(file) ?? 0) + 1;
    this.perFile.set(file, seen);
    if (seen <= PROBLEMS_PER_FILE) this.listed.push({ file, ...place, ...detail, message });
  }

  /** A value that differs from what the rows imply; `context` (e.g. "row 4") goes before the field. */
  mismatch(file: string, field: string, expected: unknown, found: unknown, place: Place = {}, context = ''): void {
    const message = `${context ? `${context}: ` : ''}${field} expected ${show(expected)}, found ${show(found)}`;
    this.add(file, message, place, { field, expected, found });
  }

  /** The listed problems, with one line per file whose problems were cut at PROBLEMS_PER_FILE. */
  all(): VerifyProblem[] {
    const more = [...this.perFile]
      .filter(([, n]) => n > PROBLEMS_PER_FILE)
      .map(([file, n]) => ({ file, message: `${n - PROBLEMS_PER_FILE} more problems in this file not listed` }));
    return [...this.listed, ...more];
  }
}

/** Equal as the format means it: numbers within 1e-9 (the statistics are rounded at 9 decimals), anything else exactly. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9;
  return a === b;
}
