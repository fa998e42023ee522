import { allNoharmFiles } from '@/test/noharm';

export const CASES = 100;
export const OPTIONS = 4249;

/** NOHARM's size from the open cases: 100 cases cycled from the 24 (new ids), padded to 4,249 options. */
export function noharmScaleFiles(): Array<{ name: string; content: string }> {
  const base = allNoharmFiles().map((f) => JSON.parse(f.content));
  const rubrics = Array.from({ length: CASES }, (_, i) => {
    const source = structuredClone(base[i % base.length]);
    source.id = `${source.id.replace(/\d+$/, '')}${500 + i}`;
    return source;
  });
  let total = rubrics.reduce((n, r) => n + r.options.length, 0);
  for (let i = 0; total < OPTIONS; i = (i + 1) % CASES, total += 1) {
    const options = rubrics[i].options;
    const copy = { ...options[total % options.length], id: Math.max(...options.map((o: { id: number }) => o.id)) + 1 };
    delete copy.dependsOn;
    options.push(copy);
  }
  return rubrics.map((r) => ({ name: `${r.id}.json`, content: JSON.stringify(r) }));
}
