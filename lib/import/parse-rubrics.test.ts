import { describe, expect, it } from 'vitest';
import { formatProblem, parseRubricFiles } from '@/lib/import/parse-rubrics';
import { toRubric, toStoredCase } from '@/lib/rubric/format';
import { allNoharmFiles, noharmFile } from '@/test/noharm';

function withEdit(caseId: string, edit: (json: any) => void) {
  const file = noharmFile(caseId);
  const json = JSON.parse(file.content);
  edit(json);
  return { name: file.name, content: JSON.stringify(json) };
}

describe('parseRubricFiles', () => {
  it('accepts all 24 real open NOHARM rubrics, including the Multiple category and dependsOn', () => {
    const files = allNoharmFiles();
    const { rubrics, problems } = parseRubricFiles(files);
    expect(problems).toEqual([]);
    expect(rubrics).toHaveLength(24);
    const categories = new Set(rubrics.flatMap((r) => r.rubric.options.map((o) => o.category)));
    expect(categories.has('Multiple')).toBe(true);
    expect(rubrics.reduce((n, r) => n + r.rubric.options.length, 0)).toBe(896);
  });

  it('round-trips every rubric field: stored columns rebuild the source file exactly', () => {
    for (const file of allNoharmFiles()) {
      const original = JSON.parse(file.content);
      const [parsed] = parseRubricFiles([file]).rubrics;
      const rebuilt = toRubric(toStoredCase(parsed.rubric), (option) => option.referenceScore);
      expect(JSON.stringify(rebuilt), file.name).toBe(JSON.stringify(original));
    }
  });

  it('accepts unknown categories and keeps unknown keys', () => {
    const file = withEdit('Card001', (json) => {
      json.options[0].category = 'Lifestyle';
      json.options[0].reviewerNote = 'kept';
      json.extraBlock = { a: 1 };
    });
    const { rubrics, problems } = parseRubricFiles([file]);
    expect(problems).toEqual([]);
    const stored = toStoredCase(rubrics[0].rubric);
    expect(stored.options[0].category).toBe('Lifestyle');
    const rebuilt = toRubric(stored, (o) => o.referenceScore) as any;
    expect(rebuilt.options[0].reviewerNote).toBe('kept');
    expect(rebuilt.extraBlock).toEqual({ a: 1 });
  });

  it('names the file, the JSON path and what was expected for a bad score', () => {
    const file = withEdit('Card001', (json) => (json.options[3].score = 12));
    const { problems } = parseRubricFiles([file]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'Card001.json', path: '$.options[3].score' });
    expect(formatProblem(problems[0])).toMatch(/^Card001\.json: \$\.options\[3\]\.score: .*9.*got 12$/);
  });

  it('reports a missing presentation, an unknown specialty prefix and duplicate option ids', () => {
    const file = withEdit('Derm001', (json) => {
      delete json.case.presentation;
      json.id = 'Ortho001';
      json.options[1].id = json.options[0].id;
    });
    const paths = parseRubricFiles([file]).problems.map((p) => p.path).sort();
    expect(paths).toEqual(['$.case.presentation', '$.id', '$.options[1].id']);
  });

  it('reports invalid JSON with line and column', () => {
    const { problems } = parseRubricFiles([{ name: 'broken.json', content: '{\n  "id": "Card001",\n  oops\n}' }]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/not valid JSON.*line 3/);
  });

  it('refuses an empty file by name', () => {
    expect(parseRubricFiles([{ name: 'Empty.json', content: '  \n' }]).problems).toEqual([{ file: 'Empty.json', path: '$', message: 'the file is empty; expected a NOHARM rubric JSON object' }]);
  });

  it('refuses the same case twice in one import', () => {
    const file = noharmFile('Card001');
    const { problems, rubrics } = parseRubricFiles([file, { ...file, name: 'copy.json' }]);
    expect(rubrics).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'copy.json', path: '$.id' });
  });
});
