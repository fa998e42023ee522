import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRubricFiles, type RubricFile } from '@/lib/import/parse-rubrics';
import { noharmFile } from '@/test/noharm';

// Seeded and bounded: the same cases on every run, a few seconds in all.
const RUNS = { seed: 6_2026, numRuns: 200 };
const base = JSON.parse(noharmFile('Card001').content);

/** Any UTF-16 unit, with NUL, lone surrogate halves and JSON's special characters made likely. */
const anyUnit = fc.oneof(fc.constantFrom('\u0000', '\ud800', '\udfff', '"', '\\', 'a'), fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)));
const anyText = fc.string({ unit: anyUnit, maxLength: 30 });
/** JSON values whose strings and keys may hold any UTF-16 unit. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), anyText, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(anyText, tie('value'), { maxKeys: 4 }),
})).value;

/** Strings (values and keys) PostgreSQL would refuse. */
function unstorable(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed() ? [value] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [...unstorable(key), ...unstorable(child)]);
}

/** The outcome is exactly one of: accepted, or refused with every problem named (file, path, message). */
function expectAcceptedOrNamed(files: RubricFile[]) {
  const { rubrics, problems } = parseRubricFiles(files);
  expect(rubrics.length + problems.length).toBeGreaterThan(0);
  const names = files.map((f) => f.name);
  for (const problem of problems) {
    expect(names.concat('(all files)', '(none)')).toContain(problem.file);
    expect(problem.path).toMatch(/^\$/);
    expect(problem.message.trim().length).toBeGreaterThan(0);
  }
  for (const { file, rubric } of rubrics) {
    expect(problems.some((p) => p.file === file)).toBe(false);
    // What is accepted can be stored: PostgreSQL refuses NUL and lone surrogates in text and jsonb.
    expect(unstorable(rubric)).toEqual([]);
  }
  return { rubrics, problems };
}

/** Replace the value at a random path of the rubric by `value`. */
function mutate(root: any, choices: number[], value: unknown): any {
  const copy = structuredClone(root);
  let node = copy;
  for (const choice of choices) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length];
    if (node[key] === null || typeof node[key] !== 'object' || choice % 3 === 0) {
      node[key] = value;
      return copy;
    }
    node = node[key];
  }
  return { ...copy, extra: value };
}

describe('fuzz: parseRubricFiles never throws and always accepts or names the problem', () => {
  it('arbitrary JSON values (strings with NUL and lone surrogates included)', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        const { rubrics } = expectAcceptedOrNamed([{ name: 'value.json', content: JSON.stringify(value) }]);
        expect(rubrics).toEqual([]);
      }),
      RUNS,
    );
  });

  it('arbitrary bytes, with any name', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('x.json', 'x.txt', 'x', 'x.JSON', 'x.png'), (bytes, name) => {
        expectAcceptedOrNamed([{ name, content: bytes }]);
      }),
      RUNS,
    );
  });

  it('arbitrary text (UTF-16 units, so lone surrogates and NUL too)', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyUnit, maxLength: 200 }), (text) => {
        expectAcceptedOrNamed([{ name: 'text.json', content: text }]);
      }),
      RUNS,
    );
  });

  it('a real rubric with one value anywhere replaced by arbitrary JSON: accepted, or refused with a named problem', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), anyJson, (choices, value) => {
        expectAcceptedOrNamed([{ name: 'Card001.json', content: JSON.stringify(mutate(base, choices, value)) }]);
      }),
      RUNS,
    );
  });

  it('a real rubric truncated or with one byte changed, as bytes', () => {
    const bytes = new TextEncoder().encode(noharmFile('Card001').content);
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.boolean(), (at, byte, truncate) => {
        const changed = truncate ? bytes.slice(0, at) : Uint8Array.from(bytes, (b, i) => (i === at ? byte : b));
        expectAcceptedOrNamed([{ name: 'Card001.json', content: changed }]);
      }),
      RUNS,
    );
  });
});
