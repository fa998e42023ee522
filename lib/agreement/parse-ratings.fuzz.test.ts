import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { createRatingsReader, detectFormat, parseRatings } from './parse-ratings';
import { DEFAULT_SCALE } from './schema';
import type { Rating } from './types';

// Seeded and bounded: the same cases on every run, a couple of seconds in all.
const RUNS = { seed: 2_026_1130, numRuns: 150 };

/** Either ratings on the scale, or an AppError naming the line: never another error, never a bare message. */
function outcome(text: string, format = detectFormat(text)): { ratings: Rating[] } | { problem: string } {
  try {
    const ratings = parseRatings(text, { format });
    for (const r of ratings) {
      expect(Number.isInteger(r.value)).toBe(true);
      expect(r.value).toBeGreaterThanOrEqual(DEFAULT_SCALE.min);
      expect(r.value).toBeLessThanOrEqual(DEFAULT_SCALE.max);
      expect(typeof r.item).toBe('string');
      expect(typeof r.rater).toBe('string');
    }
    return { ratings };
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const { code, message } = error as AppError;
    expect(code).toBe('INVALID_INPUT');
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).length;
    const line = Number(/^line (\d+): \S/.exec(message)?.[1]);
    expect(line, message).toBeGreaterThanOrEqual(1);
    expect(line, message).toBeLessThanOrEqual(Math.max(1, lines));
    return { problem: message };
  }
}

const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const cell = fc.oneof(fc.constantFrom('', '1', '9', '0', '10', '5.5', ' 3 ', 'NaN', '"', '""', '"a,b"', 'o1', 'dr1'), fc.string({ unit, maxLength: 6 }));

describe('fuzz: the agreement CLI parser never crashes and names the line of any problem', () => {
  it('arbitrary text (any UTF-16 units)', () => {
    fc.assert(fc.property(fc.string({ unit, maxLength: 200 }), (text) => void outcome(text)), RUNS);
  });

  it('arbitrary bytes read as UTF-8, as the CLI reads a file', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void outcome(new TextDecoder().decode(bytes))), RUNS);
  });

  it('CSV-shaped input: a real header then rows of arbitrary cells', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['item', 'rater', 'score', 'case', 'note'], { minLength: 3 }), fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }), (header, rows) => {
        outcome([header.join(','), ...rows.map((r) => r.join(','))].join('\n'));
      }),
      RUNS,
    );
  });

  it("release-shaped CSV input: a release's columns (some missing), rows of arbitrary cells", () => {
    const columns = ['case_id', 'option_id', 'rater_id', 'simulated', 'score', 'rated_at', 'item', 'rater'];
    fc.assert(
      fc.property(fc.shuffledSubarray(columns, { minLength: 3 }), fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 }), (header, rows) => {
        outcome([header.join(','), ...rows.map((r) => r.join(','))].join('\n'));
      }),
      RUNS,
    );
  });

  it('text read in arbitrary pieces (as the CLI reads a file) gives what the whole text gives', () => {
    const text = fc.oneof(
      fc.string({ unit, maxLength: 120 }),
      fc
        .tuple(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
        .map(([rows, newline]) => ['case_id,option_id,rater_id,score', ...rows.map((r) => r.join(','))].join(newline)),
    );
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (whole, cuts) => {
        const at = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const reader = createRatingsReader();
        [0, ...at].forEach((from, i) => reader.push(whole.slice(from, at[i] ?? whole.length)));
        let pieces: unknown;
        try {
          pieces = { ratings: reader.end() };
        } catch (error) {
          pieces = { problem: (error as Error).message };
        }
        expect(pieces).toEqual(outcome(whole));
      }),
      RUNS,
    );
  });

  it('JSONL-shaped input: lines of arbitrary JSON values, objects with the keys and arbitrary values included', () => {
    const record = fc.record({ item: fc.jsonValue({ maxDepth: 1 }), rater: fc.jsonValue({ maxDepth: 1 }), score: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(fc.oneof(record, fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 6 }), (values) => {
        outcome(values.map((v) => JSON.stringify(v)).join('\n'), 'jsonl');
      }),
      RUNS,
    );
  });

  it('a valid file stays valid: generated ratings are read back exactly', () => {
    const pairs = ['o1', 'o2', 'o3'].flatMap((item) => ['dr1', 'dr2', 'dr3'].map((rater) => ({ item, rater })));
    const ratings = fc.subarray(pairs).chain((chosen) => fc.tuple(...chosen.map((pair) => fc.integer({ min: 1, max: 9 }).map((value) => ({ ...pair, value })))));
    fc.assert(
      fc.property(ratings, (given) => {
        const csv = ['item,rater,score', ...given.map((r) => `${r.item},${r.rater},${r.value}`)].join('\n');
        expect(outcome(csv)).toEqual({ ratings: given });
      }),
      RUNS,
    );
  });
});
