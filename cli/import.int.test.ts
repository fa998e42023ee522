import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { noharmFile } from '@/test/noharm';
import { runPrimum } from '@/test/cli';

const primum = (args: string[]) => runPrimum(args);

describe('primum import: the same precise per-file problems as the web upload (real process, real PostgreSQL)', () => {
  it('names a .txt, a NUL, a lone surrogate, invalid UTF-8 and too deep nesting; exits 2 and writes nothing', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-import-'));
    try {
      const derm = JSON.parse(noharmFile('Derm001').content);
      const files = {
        'Derm001.json': noharmFile('Derm001').content,
        'notes.txt': 'not a rubric',
        'Nul.json': JSON.stringify({ ...derm, note: 'a\u0000b' }),
        'Surrogate.json': JSON.stringify(derm).replace('"presentation":"', '"presentation":"\\udfff'),
        'Deep.json': JSON.stringify({ ...derm, extra: JSON.parse(`${'['.repeat(70)}${']'.repeat(70)}`) }),
      };
      for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), content);
      writeFileSync(path.join(folder, 'Latin1.json'), Buffer.concat([Buffer.from('{"id":"Derm002","x":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
      const before = await getDb().case.count();

      const run = await primum(['import', ...[...Object.keys(files), 'Latin1.json'].map((name) => path.join(folder, name)), '--project', 'cli-precise', '--json']);
      expect(run.code).toBe(2);
      const printed = JSON.parse(run.stdout);
      expect(printed.imported).toEqual({ cases: 0, options: 0 });
      expect(printed.errors).toEqual([
        { file: 'notes.txt', path: '$', message: 'a .txt file, not a rubric; expected a NOHARM rubric .json file (one per case)' },
        { file: 'Nul.json', path: '$.note', message: 'the text contains a NUL character (\\u0000) at character 2; a rubric holds plain text' },
        { file: 'Surrogate.json', path: '$.case.presentation', message: 'the text contains a lone surrogate (\\udfff) at character 1: not well-formed Unicode text' },
        { file: 'Deep.json', path: `$.extra${'[0]'.repeat(63)}`, message: 'nested more than 64 levels deep; a rubric is nested 64 levels at most' },
        { file: 'Latin1.json', path: '$', message: 'not UTF-8 text: invalid byte sequence (e9 22 7d) at byte 25; save the file as UTF-8' },
      ]);
      expect(run.stderr).toMatch(/^primum: nothing was imported: notes\.txt: \$: a \.txt file, not a rubric.* \(and 4 more below\)\n {2}Nul\.json: \$\.note: /);
      expect(await getDb().case.count()).toBe(before);
      expect(await getDb().project.findUnique({ where: { slug: 'cli-precise' } })).toBeNull();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
