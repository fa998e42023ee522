import 'server-only';
import { Worker } from 'node:worker_threads';
import { projectFile } from '@/lib/config/env';
import { getDb } from '@/lib/db';
import { log } from '@/lib/log/logger';
import { ANY_PROJECT, onRatingChange } from '@/lib/live/rating-events';
import { createRefresher, type Refresher } from '@/lib/agreement-view/watch';
import { findProjectBySlug, type ProjectRef } from '@/lib/projects/service';
import { getProjectSettings } from '@/lib/projects/settings';
import { showsRaterNames } from '@/lib/projects/schema';
import type { Role } from '@/lib/auth/roles';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';
import { computeSnapshot, type AgreementSnapshot, type SnapshotOptions, type SnapshotRow } from '@/lib/agreement-view/snapshot';

/** Bootstrap settings of the live view: the default B, seeded so figures do not jitter. */
const OPTIONS: SnapshotOptions = { domain: SCALE_DOMAIN, bootstrap: 1000, seed: 1 };

/** Fewest milliseconds between two recomputations a project's watchers cause (a page request may add one). */
export const RECOMPUTE_INTERVAL_MS = 500;

type CacheEntry = { key: bigint; snapshot: Promise<AgreementSnapshot>; settled: Promise<unknown> };
type Pending = { resolve: (s: AgreementSnapshot) => void; reject: (e: Error) => void };
type Pool = {
  worker: Worker | null;
  next: number;
  pending: Map<number, Pending>;
  /** The newest snapshot per project, done or in flight, and the ratings version it covers. */
  cache: Map<string, CacheEntry>;
  refresher: Refresher | null;
};
const state = globalThis as unknown as { primumAgreementPool?: Pool };
const pool = (state.primumAgreementPool ??= { worker: null, next: 0, pending: new Map(), cache: new Map(), refresher: null });

function startWorker(): Worker {
  // Loaded from the project folder at run time, not bundled (next start runs there): the worker
  // brings its own TypeScript loader (tsx).
  const entry = projectFile('lib', 'agreement-view', 'worker-entry.mjs');
  const worker = new Worker(entry);
  worker.unref();
  worker.on('message', (message: { id: number; snapshot?: AgreementSnapshot; error?: string }) => {
    const waiting = pool.pending.get(message.id);
    pool.pending.delete(message.id);
    if (message.snapshot) waiting?.resolve(message.snapshot);
    else waiting?.reject(new Error(message.error ?? 'agreement worker failed'));
  });
  worker.on('error', (error) => {
    log.error('agreement worker failed', { component: 'agreement' }, error);
    for (const waiting of pool.pending.values()) waiting.reject(error);
    pool.pending.clear();
    pool.worker = null;
  });
  return worker;
}

/**
 * Compute off the event loop, in a worker thread, so other requests are served meanwhile. The
 * worker keeps group summaries per `cacheKey` (the project) between calls.
 */
export function computeInWorker(rows: SnapshotRow[], cacheKey: string): Promise<AgreementSnapshot> {
  pool.worker ??= startWorker();
  const id = (pool.next += 1);
  return new Promise((resolve, reject) => {
    pool.pending.set(id, { resolve, reject });
    pool.worker!.postMessage({ id, cacheKey, rows, options: OPTIONS });
  });
}

const rowsQuery = (projectId: string) => getDb().$queryRaw<SnapshotRow[]>`
  SELECT r.option_id AS option, r.user_id AS rater, r.score, c.external_id AS "case", s.code AS specialty, o.category
  FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id JOIN specialties s ON s.id = c.specialty_id
  WHERE c.project_id = ${projectId}
  ORDER BY c.external_id, o.position, r.user_id`;

/**
 * Grows whenever a rating of the project is added, changed or removed: the snapshot cache key.
 * The history id grows with every write (a trigger appends it), unlike timestamps from app clocks.
 */
const versionQuery = (projectId: string) => getDb().$queryRaw<Array<{ latest: bigint | null }>>`
  SELECT max(h.id) AS latest FROM rating_history h JOIN options o ON o.id = h.option_id JOIN cases c ON c.id = o.case_id
  WHERE c.project_id = ${projectId}`;

export function loadRows(projectId: string): Promise<SnapshotRow[]> {
  return rowsQuery(projectId);
}

async function ratingsVersion(projectId: string): Promise<bigint> {
  const [row] = await versionQuery(projectId);
  return BigInt(row.latest ?? 0);
}

/** The rows and the version they are exactly, read from one database snapshot. */
async function loadVersionedRows(projectId: string): Promise<{ key: bigint; rows: SnapshotRow[] }> {
  const [[row], rows] = await getDb().$transaction([versionQuery(projectId), rowsQuery(projectId)], { isolationLevel: 'RepeatableRead' });
  return { key: BigInt(row.latest ?? 0), rows };
}

/**
 * A snapshot that covers at least every rating change committed before the call. One computation
 * per project at a time: callers that find an older one in flight wait for it, then the first of
 * them starts one for the newest version and the others share it.
 */
async function snapshotOf(projectId: string): Promise<AgreementSnapshot> {
  const wanted = await ratingsVersion(projectId);
  for (;;) {
    const current = pool.cache.get(projectId);
    if (current && current.key >= wanted) return current.snapshot;
    if (current) {
      await current.settled;
      if (pool.cache.get(projectId) !== current) continue;
    }
    // A lower bound of what the rows will cover, known now so that callers meanwhile share them.
    const key = await ratingsVersion(projectId);
    if (pool.cache.get(projectId) !== current) continue;
    let entry: CacheEntry;
    const snapshot = loadVersionedRows(projectId).then(({ key: exact, rows }) => {
      entry.key = exact;
      return computeInWorker(rows, projectId).catch((error) => {
        log.warn('computing agreement in-process after a worker failure', { component: 'agreement', projectId }, error);
        return computeSnapshot(rows, OPTIONS);
      });
    });
    const settled = snapshot.catch(() => {
      if (pool.cache.get(projectId) === entry) pool.cache.delete(projectId);
    });
    entry = { key, snapshot, settled };
    pool.cache.set(projectId, entry);
    return snapshot;
  }
}

function refresher(): Refresher {
  return (pool.refresher ??= createRefresher({
    recompute: snapshotOf,
    subscribe: onRatingChange,
    everyProject: ANY_PROJECT,
    minIntervalMs: RECOMPUTE_INTERVAL_MS,
  }));
}

/**
 * An open live view of the project's agreement (its event stream): while at least one is open,
 * each rating change recomputes the snapshot ahead of the view's refresh, at a bounded rate.
 * Without one, nothing is recomputed until the page is requested. Returns the release.
 */
export function watchAgreementView(projectId: string): () => void {
  return refresher().watch(projectId);
}

export type RaterLabel = { name: string; isSimulated: boolean };
export type OptionLabel = { caseExternalId: string; number: number; text: string; category: string };

export type AgreementView = {
  project: ProjectRef;
  snapshot: AgreementSnapshot;
  raters: Record<string, RaterLabel>;
  options: Record<string, OptionLabel>;
  specialties: Record<string, string>;
  /** The specialty codes each rater rated options in (for one heat map per specialty). */
  raterSpecialties: Record<string, string[]>;
};

/**
 * The coordinator's agreement view: the snapshot plus the names it needs (nothing else). An
 * adjudicator sees raters as "Rater 1, 2, ..." unless the project shows them names.
 */
export async function getAgreementView(options: { slug: string; viewerRole?: Role }): Promise<AgreementView> {
  const project = await findProjectBySlug(options.slug);
  const settings = await getProjectSettings(project.id);
  const snapshot = await snapshotOf(project.id);
  const db = getDb();
  const optionIds = snapshot.disagreements.map((d) => d.item);
  const [users, disagreeing, specialties, raterSpecialties] = await Promise.all([
    db.user.findMany({ where: { id: { in: snapshot.raters.map((r) => r.rater) } }, select: { id: true, name: true, isSimulated: true } }),
    db.option.findMany({ where: { id: { in: optionIds } }, select: { id: true, number: true, text: true, category: true, case: { select: { externalId: true } } } }),
    db.specialty.findMany({ select: { code: true, name: true } }),
    db.$queryRaw<Array<{ user_id: string; code: string }>>`
      SELECT DISTINCT r.user_id, s.code FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id
      JOIN specialties s ON s.id = c.specialty_id WHERE c.project_id = ${project.id}`,
  ]);
  const specialtiesOf: Record<string, string[]> = {};
  for (const row of raterSpecialties) (specialtiesOf[row.user_id] ??= []).push(row.code);
  return {
    project,
    snapshot,
    raters: showsRaterNames(options.viewerRole ?? 'COORDINATOR', settings)
      ? Object.fromEntries(users.map((u) => [u.id, { name: u.name, isSimulated: u.isSimulated }]))
      : Object.fromEntries(snapshot.raters.map((r, i) => [r.rater, { name: `Rater ${i + 1}`, isSimulated: users.find((u) => u.id === r.rater)?.isSimulated ?? false }])),
    options: Object.fromEntries(disagreeing.map((o) => [o.id, { caseExternalId: o.case.externalId, number: o.number, text: o.text, category: o.category }])),
    specialties: Object.fromEntries(specialties.map((s) => [s.code, s.name])),
    raterSpecialties: specialtiesOf,
  };
}
