import 'server-only';
import { isCaseFullyRated } from '@/lib/assignment/status';
import { compareIds } from '@/lib/agreement/encode';
import { getDb, type Db, type Tx } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import type { GoldRule } from '@/lib/projects/schema';
import { goldOfFacts, loadCases, type GoldFacts, type LoadedCase, type LoadedOption } from '@/lib/releases/load';
import { factsOfLoadedCase, loadCaseSummaries, type CaseFacts } from '@/lib/releases/readiness-summary';
import { viaPrisma } from '@/lib/releases/sql';

/**
 * Which cases a release can take, and what stands in the way of the others (issue 9).
 *
 * A case already locked by an earlier release is carried into the next one as it was frozen, under
 * the same test as an open one (it can fail it: locked earlier by an override, or the gold rule or k
 * changed since). A case is ready when its panel submitted (every live assignment completed), every option has the
 * project's k ratings, no option awaits adjudication under the project's gold rule, and (in a project
 * that is not a demo) no rating comes from a simulated rater. Anything else is a problem, listed in
 * words; a coordinator may still lock such a case with a written override.
 *
 * Two reads feed the one set of rules (caseProblems over CaseFacts): the lock loads every case's
 * full rows (it keeps what the release needs of them), the Releases page only a summary per option
 * (readiness-summary.ts; on a 100x NOHARM project the full read took ~12 s of CPU per page load).
 */

export type CaseReadiness = {
  id: string;
  externalId: string;
  specialty: string;
  options: number;
  /** Locked by an earlier release: carried as it was frozen. */
  released: boolean;
  problems: string[];
  ready: boolean;
};

export type ProjectReadiness = {
  projectId: string;
  isDemo: boolean;
  ratersPerCase: number;
  goldRule: GoldRule;
  cases: CaseReadiness[];
};

export type ReadinessCase = LoadedCase;
export type ReadinessOption = LoadedOption;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Whether an option awaits adjudication, remembered per rule object (one per readiness read) and
 * distinct facts: the gold rule is pure, and a project has a few hundred distinct (scores, flag,
 * adjudication) combinations among hundreds of thousands of options (100x NOHARM: goldLabel for each
 * option was a third of the page's CPU time). The lean read gives the scores sorted, so it hits more.
 */
const awaitingByRule = new WeakMap<GoldRule, Map<string, boolean>>();
function awaitsAdjudication(o: GoldFacts, goldRule: GoldRule): boolean {
  let known = awaitingByRule.get(goldRule);
  if (!known) awaitingByRule.set(goldRule, (known = new Map()));
  const key = `${o.adjudicatedScore}|${o.needsDiscussion}|${o.scores.join(',')}`;
  let awaits = known.get(key);
  if (awaits === undefined) known.set(key, (awaits = goldOfFacts(o, goldRule).needsAdjudication));
  return awaits;
}

/** What keeps an open case out of a release without an override (empty: ready). */
export function caseProblems(c: CaseFacts, ratersPerCase: number, goldRule: GoldRule, isDemo: boolean): string[] {
  const problems: string[] = [];
  if (!isCaseFullyRated(c.assignments, ratersPerCase)) {
    const done = c.assignments.filter((a) => a.status === 'COMPLETED').length;
    problems.push(`${done} of ${ratersPerCase} physicians submitted`);
  }
  const short = c.options.filter((o) => o.scores.length < ratersPerCase).length;
  if (short > 0) problems.push(`${plural(short, 'option lacks', 'options lack')} ${ratersPerCase} ratings`);
  const awaiting = c.options.filter((o) => awaitsAdjudication(o, goldRule)).length;
  if (awaiting > 0) problems.push(`${plural(awaiting, 'option awaits', 'options await')} adjudication`);
  if (!isDemo) {
    const simulated = c.options.reduce((n, o) => n + o.simulatedRatings, 0);
    if (simulated > 0) problems.push(`${plural(simulated, 'rating comes', 'ratings come')} from simulated raters`);
  }
  return problems;
}

/** The project's rules a case is judged by. */
export type ReadinessRules = { isDemo: boolean; ratersPerCase: number; goldRule: GoldRule };

/** Cases per load: ~42 options and ~126 ratings each at NOHARM scale. */
const BATCH_CASES = 100;

/**
 * Every case of the project, loaded BATCH_CASES at a time in case-id order and handed to `visit`:
 * a project of any size is read with one batch in memory (a 100x NOHARM project, loaded at once,
 * took gigabytes).
 */
async function scanCases<C extends { id: string }>(db: Db | Tx, projectId: string, load: (ids: string[]) => Promise<C[]>, visit: (c: C) => void): Promise<void> {
  const rows = await db.$queryRaw<Array<{ id: string; external_id: string }>>`SELECT id, external_id FROM cases WHERE project_id = ${projectId}`;
  const ids = rows.sort((a, b) => compareIds(a.external_id, b.external_id)).map((c) => c.id);
  for (let start = 0; start < ids.length; start += BATCH_CASES) {
    const batch = ids.slice(start, start + BATCH_CASES);
    const order = new Map(batch.map((id, i) => [id, i]));
    // One after the other: inside the lock's transaction all queries share one connection.
    const cases = await load(batch);
    for (const c of cases.sort((a, b) => order.get(a.id)! - order.get(b.id)!)) visit(c);
  }
}

/**
 * Every case of the project with its readiness, in case-id order (the default selection takes the
 * released and the ready ones). With `visit`, each case's full rows are loaded and `visit` sees each
 * loaded case as it passes (the lock keeps what it needs of it); without, only the summary
 * readiness needs is read (the Releases and project pages).
 */
export async function getProjectReadiness(projectId: string, db: Db | Tx = getDb(), visit?: (c: ReadinessCase, rules: ReadinessRules) => void): Promise<ProjectReadiness> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { ratersPerCase: true, settings: true, isDemo: true } });
  const rules: ReadinessRules = { isDemo: project.isDemo, ratersPerCase: project.ratersPerCase, goldRule: readProjectSettings(project.settings).goldRule };
  const cases: CaseReadiness[] = [];
  // A released case is frozen: what it lacked when an override locked it, it still lacks, and each
  // release that carries it needs its own override (so that its release.json says so).
  const judge = (c: { id: string; externalId: string; lockedAt: Date | null }, specialty: string, facts: CaseFacts) => {
    const problems = caseProblems(facts, rules.ratersPerCase, rules.goldRule, rules.isDemo);
    cases.push({ id: c.id, externalId: c.externalId, specialty, options: facts.options.length, released: c.lockedAt !== null, problems, ready: problems.length === 0 });
  };
  const read = viaPrisma(db);
  if (visit) {
    await scanCases(db, projectId, (ids) => loadCases(read, { ids }), (c) => {
      judge(c, c.specialty.code, factsOfLoadedCase(c));
      visit(c, rules);
    });
  } else {
    await scanCases(db, projectId, (ids) => loadCaseSummaries(read, { ids }), (c) => judge(c, c.specialtyCode, c));
  }
  return { projectId, ...rules, cases };
}

/** The cases a release takes when the coordinator does not choose: every released case and every ready one. */
export function defaultSelection(cases: readonly CaseReadiness[]): string[] {
  return cases.filter((c) => c.released || c.ready).map((c) => c.externalId);
}
