import 'server-only';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { getDb } from '@/lib/db';
import { ANY_PROJECT, onRatingChange } from '@/lib/live/rating-events';
import { findProjectBySlug, type ProjectRef } from '@/lib/projects/service';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';
import { computeSnapshot, type AgreementSnapshot, type SnapshotOptions, type SnapshotRow } from '@/lib/agreement-view/snapshot';

/** Bootstrap settings of the live view: the default B, seeded so figures do not jitter. */
const OPTIONS: SnapshotOptions = { domain: SCALE_DOMAIN, bootstrap: 1000, seed: 1 };

type Pending = { resolve: (s: AgreementSnapshot) => void; reject: (e: Error) => void };
type Pool = {
  worker: Worker | null;
  next: number;
  pending: Map<number, Pending>;
  cache: Map<string, { key: string; snapshot: Promise<AgreementSnapshot> }>;
  watching: boolean;
  timers: Map<string, ReturnType<typeof setTimeout>>;
};
const state = globalThis as unknown as { primumAgreementPool?: Pool };
const pool = (state.primumAgreementPool ??= { worker: null, next: 0, pending: new Map(), cache: new Map(), watching: false, timers: new Map() });

function startWorker(): Worker {
  // Loaded from the project folder at run time, not bundled (next start runs there): the worker
  // brings its own TypeScript loader (tsx).
  const entry = [process.cwd(), 'lib', 'agreement-view', 'worker-entry.mjs'].join(path.sep);
  const worker = new Worker(entry);
  worker.unref();
  worker.on('message', (message: { id: number; snapshot?: AgreementSnapshot; error?: string }) => {
    const waiting = pool.pending.get(message.id);
    pool.pending.delete(message.id);
    if (message.snapshot) waiting?.resolve(message.snapshot);
    else waiting?.reject(new Error(message.error ?? 'agreement worker failed'));
  });
  worker.on('error', (error) => {
    console.error('[agreement] worker failed', error);
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

export async function loadRows(projectId: string): Promise<SnapshotRow[]> {
  return getDb().$queryRaw<SnapshotRow[]>`
    SELECT r.option_id AS option, r.user_id AS rater, r.score, c.external_id AS "case", s.code AS specialty, o.category
    FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id JOIN specialties s ON s.id = c.specialty_id
    WHERE c.project_id = ${projectId}
    ORDER BY c.external_id, o.position, r.user_id`;
}

/**
 * Changes whenever a rating of the project is added, changed or removed: the snapshot cache key.
 * The history id grows with every write (a trigger appends it), unlike timestamps from app clocks.
 */
async function ratingsVersion(projectId: string): Promise<string> {
  const [row] = await getDb().$queryRaw<Array<{ latest: bigint | null }>>`
    SELECT max(h.id) AS latest FROM rating_history h JOIN options o ON o.id = h.option_id JOIN cases c ON c.id = o.case_id
    WHERE c.project_id = ${projectId}`;
  return String(row.latest ?? 0);
}

async function snapshotOf(projectId: string): Promise<AgreementSnapshot> {
  const key = await ratingsVersion(projectId);
  const cached = pool.cache.get(projectId);
  if (cached?.key === key) return cached.snapshot;
  const snapshot = loadRows(projectId).then((rows) =>
    computeInWorker(rows, projectId).catch((error) => {
      console.error('[agreement] computing in-process after a worker failure', error);
      return computeSnapshot(rows, OPTIONS);
    }),
  );
  pool.cache.set(projectId, { key, snapshot });
  snapshot.catch(() => pool.cache.delete(projectId));
  return snapshot;
}

/**
 * Once a project's agreement view has been opened, recompute its snapshot as soon as a rating
 * changes, so that the open views' refresh finds it ready (or in progress) instead of starting it.
 */
function watchForChanges(): void {
  if (pool.watching) return;
  pool.watching = true;
  const schedule = (projectId: string) => {
    clearTimeout(pool.timers.get(projectId));
    pool.timers.set(
      projectId,
      setTimeout(() => void snapshotOf(projectId).catch((error) => console.error('[agreement] recompute failed', error)), 20),
    );
  };
  onRatingChange((projectId) => {
    if (projectId === ANY_PROJECT) [...pool.cache.keys()].forEach(schedule);
    else if (pool.cache.has(projectId)) schedule(projectId);
  }).catch((error) => {
    pool.watching = false;
    console.error('[agreement] cannot listen for rating changes', error);
  });
}

export type RaterLabel = { name: string; isSimulated: boolean };
export type OptionLabel = { caseExternalId: string; number: number; text: string; category: string };

export type AgreementView = {
  project: ProjectRef;
  snapshot: AgreementSnapshot;
  raters: Record<string, RaterLabel>;
  options: Record<string, OptionLabel>;
  specialties: Record<string, string>;
};

/** The coordinator's agreement view: the snapshot plus the names it needs (nothing else). */
export async function getAgreementView(options: { slug: string }): Promise<AgreementView> {
  const project = await findProjectBySlug(options.slug);
  watchForChanges();
  const snapshot = await snapshotOf(project.id);
  const db = getDb();
  const optionIds = snapshot.disagreements.map((d) => d.item);
  const [users, disagreeing, specialties] = await Promise.all([
    db.user.findMany({ where: { id: { in: snapshot.raters.map((r) => r.rater) } }, select: { id: true, name: true, isSimulated: true } }),
    db.option.findMany({ where: { id: { in: optionIds } }, select: { id: true, number: true, text: true, category: true, case: { select: { externalId: true } } } }),
    db.specialty.findMany({ select: { code: true, name: true } }),
  ]);
  return {
    project,
    snapshot,
    raters: Object.fromEntries(users.map((u) => [u.id, { name: u.name, isSimulated: u.isSimulated }])),
    options: Object.fromEntries(disagreeing.map((o) => [o.id, { caseExternalId: o.case.externalId, number: o.number, text: o.text, category: o.category }])),
    specialties: Object.fromEntries(specialties.map((s) => [s.code, s.name])),
  };
}
