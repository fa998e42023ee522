import { openDB, type IDBPDatabase } from 'idb';

/**
 * The rating screen's save queue. Every score given (or cleared) becomes a save with its own id and
 * the moment it was given; it is written to IndexedDB before it is sent, so a failed request, a
 * reload or a closed laptop loses nothing. Saves are sent one at a time in the order given; network
 * errors and 5xx answers are retried with backoff (at once when the browser comes back online); a
 * 4xx answer is final and reported for its option. The server applies each id once and only the
 * newest score given, so retries are safe in any order.
 */

export type PendingSave = {
  clientId: string;
  userId: string;
  caseId: string;
  optionId: string;
  score: number | null;
  givenAt: number;
  activeMs: number;
};

export type SaveResult = { outcome: 'applied' | 'duplicate' | 'stale'; optionId: string; score: number | null; rated: number; total: number; completed: boolean; submitted: boolean };

/** Why the queue is waiting: no connection, the server failing, or the session ended. */
export type QueueProblem = 'offline' | 'server' | 'signed-out' | null;

export type QueueSnapshot = {
  /** The newest unsent or in-flight save of each option. */
  pending: ReadonlyMap<string, PendingSave>;
  sending: string | null;
  /** Saves the server refused for good (e.g. the case was locked), by option. */
  refused: ReadonlyMap<string, string>;
  problem: QueueProblem;
  /** When the next retry is due (ms since the epoch), while waiting. */
  retryAt: number | null;
};

const DB_NAME = 'primum-rating';
const STORE = 'pending-saves';
/**
 * Waits between retries: 0.5, 1, 2, then every 4 s. Longer waits (8 s, 15 s before) kept saves
 * waiting up to 16 s after a 5 s database restart was over (bench/db-restart.ts); a retry every
 * 4 s per physician is nothing for a server.
 */
const BACKOFF_MS = [500, 1000, 2000, 4000];

/** How long the queue waits after its `failures`-th failure in a row (0-based) of the given kind. */
export function retryDelay(failures: number, problem: QueueProblem): number {
  return problem === 'signed-out' ? 30_000 : BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
}

type Store = {
  put(save: PendingSave): Promise<void>;
  delete(clientId: string): Promise<void>;
  all(userId: string): Promise<PendingSave[]>;
};

/** IndexedDB when the browser has it; memory otherwise (private modes that refuse storage). */
async function openStore(): Promise<Store> {
  try {
    const db: IDBPDatabase = await openDB(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore(STORE, { keyPath: 'clientId' });
      },
    });
    return {
      put: async (save) => void (await db.put(STORE, save)),
      delete: async (clientId) => db.delete(STORE, clientId),
      all: async (userId) => ((await db.getAll(STORE)) as PendingSave[]).filter((s) => s.userId === userId).sort((a, b) => a.givenAt - b.givenAt),
    };
  } catch {
    const memory = new Map<string, PendingSave>();
    return {
      put: async (save) => void memory.set(save.clientId, save),
      delete: async (clientId) => void memory.delete(clientId),
      all: async (userId) => [...memory.values()].filter((s) => s.userId === userId).sort((a, b) => a.givenAt - b.givenAt),
    };
  }
}

class FinalError extends Error {}

export class SaveQueue {
  private store: Promise<Store>;
  /** Every save not yet confirmed, oldest first (older saves of an option are still sent: they carry active time). */
  private queue: PendingSave[] = [];
  private snapshot: QueueSnapshot = { pending: new Map(), sending: null, refused: new Map(), problem: null, retryAt: null };
  private listeners = new Set<() => void>();
  private running = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastGivenAt = 0;
  /** A save is sent only once it is on disk, so a reload can never lose or resurrect it. */
  private persisted = new Map<string, Promise<void>>();

  constructor(
    private readonly userId: string,
    private readonly endpoint: string,
    private readonly onResult: (result: SaveResult, save: PendingSave) => void,
  ) {
    this.store = openStore();
  }

  /** Load saves left by an earlier page (reload, closed laptop) and send them. */
  async restore(): Promise<PendingSave[]> {
    const saved = await (await this.store).all(this.userId);
    const known = new Set(this.queue.map((s) => s.clientId));
    this.queue = [...saved.filter((s) => !known.has(s.clientId)), ...this.queue].sort((a, b) => a.givenAt - b.givenAt);
    this.publish();
    void this.flush();
    return saved;
  }

  /** Queue a score (null clears it). Returns at once; the save is on disk before it is sent. */
  add(save: Omit<PendingSave, 'clientId' | 'userId' | 'givenAt'>): PendingSave {
    // Strictly increasing, so two presses in the same millisecond still have an order.
    const givenAt = Math.max(Date.now(), this.lastGivenAt + 1);
    this.lastGivenAt = givenAt;
    const full: PendingSave = { ...save, clientId: crypto.randomUUID(), userId: this.userId, givenAt };
    this.queue.push(full);
    const refused = new Map(this.snapshot.refused);
    refused.delete(save.optionId);
    this.snapshot = { ...this.snapshot, refused };
    this.publish();
    const written = this.store.then((store) => store.put(full)).catch(() => undefined);
    this.persisted.set(full.clientId, written);
    void written.then(() => this.flush());
    return full;
  }

  /** Try now (e.g. the browser came back online): skips the backoff wait. */
  retryNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.failures = Math.min(this.failures, 1);
    void this.flush();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): QueueSnapshot => this.snapshot;

  dispose(): void {
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  private publish(patch: Partial<QueueSnapshot> = {}): void {
    const pending = new Map<string, PendingSave>();
    for (const save of this.queue) pending.set(save.optionId, save);
    this.snapshot = { ...this.snapshot, ...patch, pending };
    for (const listener of this.listeners) listener();
  }

  private async flush(): Promise<void> {
    if (this.running || this.timer) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const save = this.queue[0];
        await this.persisted.get(save.clientId);
        this.persisted.delete(save.clientId);
        this.publish({ sending: save.optionId });
        try {
          const result = await this.send(save);
          this.failures = 0;
          this.queue.shift();
          await (await this.store).delete(save.clientId);
          this.publish({ sending: null, problem: null, retryAt: null });
          this.onResult(result, save);
        } catch (error) {
          if (error instanceof FinalError) {
            this.queue.shift();
            await (await this.store).delete(save.clientId);
            const refused = new Map(this.snapshot.refused);
            refused.set(save.optionId, error.message);
            this.publish({ sending: null, refused });
            continue;
          }
          const problem: QueueProblem = (error as { signedOut?: boolean }).signedOut ? 'signed-out' : typeof navigator !== 'undefined' && !navigator.onLine ? 'offline' : (error as { server?: boolean }).server ? 'server' : 'offline';
          const wait = retryDelay(this.failures, problem);
          this.failures += 1;
          this.publish({ sending: null, problem, retryAt: Date.now() + wait });
          this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.flush();
          }, wait);
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async send(save: PendingSave): Promise<SaveResult> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: save.clientId, optionId: save.optionId, score: save.score, givenAt: save.givenAt, activeMs: Math.min(Math.round(save.activeMs), 86_400_000) }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (response.ok) return (await response.json()) as SaveResult;
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    if (response.status === 401) throw Object.assign(new Error('signed out'), { signedOut: true });
    if (response.status === 408 || response.status === 429 || response.status >= 500) throw Object.assign(new Error(body?.message ?? `HTTP ${response.status}`), { server: true });
    throw new FinalError(body?.message ?? `The server refused this score (HTTP ${response.status}).`);
  }
}
