import { performance } from 'node:perf_hooks';
import { getDb } from '@/lib/db';
import { importRubrics } from '@/lib/import/service';
import { specialtyOfCaseId } from '@/lib/specialties';
import { createUser } from '@/lib/users/service';
import { noharmScaleFiles } from './noharm-scale';

export type SeededPhysician = {
  id: string;
  email: string;
  specialty: string;
  /** Every assigned option, case by case in position order. */
  options: string[];
  /** The assigned cases, in the order of `options`. */
  cases: string[];
};

/**
 * `count` physicians with known passwords, in proportion to each specialty's cases (at least 3),
 * created before the NOHARM-scale import into project `slug`, so every one is assigned real cases.
 */
export async function seedPhysicians(options: { count: number; password: string; slug: string; label: string }): Promise<SeededPhysician[]> {
  const { count, password, slug, label } = options;
  const files = noharmScaleFiles();
  const cases = new Map<string, number>();
  for (const file of files) {
    const code = specialtyOfCaseId(file.name)!.code;
    cases.set(code, (cases.get(code) ?? 0) + 1);
  }
  const total = [...cases.values()].reduce((a, b) => a + b, 0);
  const share = [...cases].map(([code, n]) => ({ code, exact: (n / total) * count }));
  const counts = new Map(share.map((s) => [s.code, Math.max(3, Math.floor(s.exact))]));
  const order = [...share].sort((a, b) => (b.exact % 1) - (a.exact % 1));
  const sum = () => [...counts.values()].reduce((a, b) => a + b, 0);
  for (let i = 0; sum() < count; i += 1) counts.set(order[i % order.length].code, counts.get(order[i % order.length].code)! + 1);
  // Rounding up to the minimum of 3 can overshoot: take the extra from the largest groups.
  while (sum() > count) {
    const [code, n] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
    if (n <= 3) break;
    counts.set(code, n - 1);
  }
  const people: Array<{ email: string; specialty: string }> = [];
  for (const [code, n] of counts) for (let i = 1; i <= n; i += 1) people.push({ email: `${code.toLowerCase()}${i}@${label}.bench.invalid`, specialty: code });
  const started = performance.now();
  const create = (p: { email: string; specialty: string }) => createUser({ actorId: null, input: { email: p.email, name: `Bench physician ${p.email.split('@')[0]}`, role: 'PHYSICIAN', password, specialties: [p.specialty] } });
  // The first of each specialty alone (createUser upserts the specialty row), the rest four at a time.
  const firsts = people.filter((p, i) => people.findIndex((q) => q.specialty === p.specialty) === i);
  for (const p of firsts) await create(p);
  const rest = people.filter((p) => !firsts.includes(p));
  for (let i = 0; i < rest.length; i += 4) await Promise.all(rest.slice(i, i + 4).map(create));
  await importRubrics({ actorId: null, project: { slug }, files });
  const db = getDb();
  const users = await db.user.findMany({ where: { email: { in: people.map((p) => p.email) } }, select: { id: true, email: true } });
  const rows = await db.$queryRaw<Array<{ user_id: string; case_id: string; option_id: string }>>`
    SELECT a.user_id, o.case_id, o.id AS option_id FROM assignments a JOIN options o ON o.case_id = a.case_id
    WHERE a.status <> 'DECLINED' ORDER BY a.user_id, o.case_id, o.position`;
  const optionsOf = new Map<string, string[]>();
  const casesOf = new Map<string, string[]>();
  for (const row of rows) {
    optionsOf.set(row.user_id, [...(optionsOf.get(row.user_id) ?? []), row.option_id]);
    const seen = casesOf.get(row.user_id) ?? [];
    if (seen.at(-1) !== row.case_id) casesOf.set(row.user_id, [...seen, row.case_id]);
  }
  const byEmail = new Map(users.map((u) => [u.email, u.id]));
  const physicians = people.map((p) => {
    const id = byEmail.get(p.email)!;
    return { id, email: p.email, specialty: p.specialty, options: optionsOf.get(id) ?? [], cases: casesOf.get(id) ?? [] };
  });
  const idle = physicians.filter((p) => p.options.length === 0);
  if (idle.length) throw new Error(`${idle.length} physicians got no case: ${idle.map((p) => p.email).join(', ')}`);
  const sizes = physicians.map((p) => p.options.length).sort((a, b) => a - b);
  console.log(`seeded ${files.length} cases, ${rows.length} assigned (physician, option) pairs, ${physicians.length} physicians (${[...counts].map(([c, n]) => `${c} ${n}`).join(', ')}), ${sizes[0]}-${sizes[sizes.length - 1]} options each, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return physicians;
}
