import { openDB, type IDBPDatabase } from 'idb';

/**
 * A persistent save queue, shared by the rating screen (scores) and the judging screen (verdicts).
 * Every item given becomes a save with its own id and the moment it was given; it is written to
 * IndexedDB before it is sent, so a failed request, a reload or a closed laptop loses nothing.
 * Saves are sent one at a time in the order given; network errors, 5xx, 408 and 429 answers are
 * retried with backoff (at once when the browser comes back online); another 4xx answer is final
 * and reported for its key (the option). The servers apply only the newest item given per key, so
 * retries are safe in any order.
 */

/** What every queued item carries; the rest is the screen's own. */
export type QueuedItem = { clientId: string; userId: string; givenAt: number };

/** Why the queue is waiting: no connection, the server failing, or the session ended. */
export type QueueProblem = 'offline' | 'server' | 'signed-out' | null;

export type QueueSnapshot<T extends QueuedItem = PendingSave> = {
  /** The newest unsent or in-flight item of each key. */
  pending: ReadonlyMap<string, T>;
  /** The key of the item in flight. */
  sending: string | null;
  /** Items the server refused for good (e.g. the case was locked), by key. */
  refused: ReadonlyMap<string, string>;
  problem: QueueProblem;
  /** When the next retry is due (ms since the epoch), while waiting. */
  retryAt: number | null;
};

export type QueueConfig<T extends QueuedItem, R> = {
  /** IndexedDB database and object store holding this queue's items (one store per database, version 1). */
  database: string;
  store: string;
  /** What `pending` and `refused` are keyed by: the newest item of a key is what the screen shows. */
  keyOf(item: T): string;
  /** Send one item; throw a `SaveFailure` (see `postJson`) to say whether it may be retried. */
  send(item: T): Promise<R>;
};

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

/** A failed send: `final` is dropped and reported; the others are retried. Anything else thrown counts as a network error. */
export class SaveFailure extends Error {
  constructor(readonly kind: 'final' | 'server' | 'signed-out', message: string) {
    super(message);
  }
}

/** POST one item as JSON and read the JSON answer; failures classified by HTTP status. */
export async function postJson<R>(url: string, body: unknown, refusal: (status: number) => string): Promise<R> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (response.ok) return (await response.json()) as R;
  const answer = (await response.json().catch(() => null)) as { message?: string } | null;
  if (response.status === 401) throw new SaveFailure('signed-out', 'signed out');
  if (response.status === 408 || response.status === 429 || response.status >= 500) throw new SaveFailure('server', answer?.message ?? `HTTP ${response.status}`);
  throw new SaveFailure('final', answer?.message ?? refusal(response.status));
}

type Store<T> = {
  put(item: T): Promise<void>;
  delete(clientId: string): Promise<void>;
  all(userId: string): Promise<T[]>;
};

/** IndexedDB when the browser has it; memory otherwise (private modes that refuse storage). */
async function openStore<T extends QueuedItem>(database: string, store: string): Promise<Store<T>> {
  const mine = (items: T[], userId: string) => items.filter((s) => s.userId === userId).sort((a, b) => a.givenAt - b.givenAt);
  try {
    const db: IDBPDatabase = await openDB(database, 1, {
      upgrade(upgrading) {
        upgrading.createObjectStore(store, { keyPath: 'clientId' });
      },
    });
    return {
      put: async (item) => void (await db.put(store, item)),
      delete: async (clientId) => db.delete(store, clientId),
      all: async (userId) => mine((await db.getAll(store)) as T[], userId),
    };
  } catch {
    const memory = new Map<string, T>();
    return {
      put: async (item) => void memory.set(item.clientId, item),
      delete: async (clientId) => void memory.delete(clientId),
      all: async (userId) => mine([...memory.values()], userId),
    };
  }
}

export class PersistentQueue<T extends QueuedItem, R> {
  private store: Promise<Store<T>>;
  /** Every item not yet confirmed, oldest first (older items of a key are still sent: they may carry data, e.g. active time). */
  private queue: T[] = [];
  private snapshot: QueueSnapshot<T> = { pending: new Map(), sending: null, refused: new Map(), problem: null, retryAt: null };
  private listeners = new Set<() => void>();
  private running = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastGivenAt = 0;
  /** An item is sent only once it is on disk, so a reload can never lose or resurrect it. */
  private persisted = new Map<string, Promise<void>>();

  constructor(
    private readonly userId: string,
    private readonly config: QueueConfig<T, R>,
    private readonly onResult: (result: R, item: T) => void,
  ) {
    this.store = openStore<T>(config.database, config.store);
  }

  /**
   * Load items left by an earlier page (reload, closed laptop) and send them. Returns those of them
   * the page should show: each still the newest of its key (one given since, e.g. typed while the
   * page loaded, is newer and stays).
   */
  async restore(): Promise<T[]> {
    const saved = await (await this.store).all(this.userId);
    const known = new Set(this.queue.map((s) => s.clientId));
    this.queue = [...saved.filter((s) => !known.has(s.clientId)), ...this.queue].sort((a, b) => a.givenAt - b.givenAt);
    this.publish();
    void this.flush();
    return saved.filter((item) => this.snapshot.pending.get(this.config.keyOf(item))?.clientId === item.clientId);
  }

  /** Queue an item. Returns at once; the item is on disk before it is sent. */
  add(item: Omit<T, keyof QueuedItem>): T {
    // Strictly increasing, so two presses in the same millisecond still have an order.
    const givenAt = Math.max(Date.now(), this.lastGivenAt + 1);
    this.lastGivenAt = givenAt;
    const full = { ...item, clientId: crypto.randomUUID(), userId: this.userId, givenAt } as T;
    this.queue.push(full);
    const refused = new Map(this.snapshot.refused);
    refused.delete(this.config.keyOf(full));
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

  /** Resolves once nothing waits or is in flight, or once the queue is stuck on a problem; with the snapshot then. */
  settled(): Promise<QueueSnapshot<T>> {
    return new Promise((resolve) => {
      const check = () => {
        const s = this.snapshot;
        if ((s.pending.size === 0 && s.sending === null) || s.problem !== null) {
          unsubscribe();
          resolve(s);
        }
      };
      const unsubscribe = this.subscribe(check);
      check();
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): QueueSnapshot<T> => this.snapshot;

  dispose(): void {
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  private publish(patch: Partial<QueueSnapshot<T>> = {}): void {
    const pending = new Map<string, T>();
    for (const item of this.queue) pending.set(this.config.keyOf(item), item);
    this.snapshot = { ...this.snapshot, ...patch, pending };
    for (const listener of [...this.listeners]) listener();
  }

  private async flush(): Promise<void> {
    if (this.running || this.timer) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const item = this.queue[0];
        await this.persisted.get(item.clientId);
        this.persisted.delete(item.clientId);
        this.publish({ sending: this.config.keyOf(item) });
        try {
          const result = await this.config.send(item);
          this.failures = 0;
          this.queue.shift();
          await (await this.store).delete(item.clientId);
          this.publish({ sending: null, problem: null, retryAt: null });
          this.onResult(result, item);
        } catch (error) {
          if (error instanceof SaveFailure && error.kind === 'final') {
            this.queue.shift();
            await (await this.store).delete(item.clientId);
            const refused = new Map(this.snapshot.refused);
            refused.set(this.config.keyOf(item), error.message);
            this.publish({ sending: null, refused });
            continue;
          }
          const kind = error instanceof SaveFailure ? error.kind : null;
          const problem: QueueProblem = kind === 'signed-out' ? 'signed-out' : typeof navigator !== 'undefined' && !navigator.onLine ? 'offline' : kind === 'server' ? 'server' : 'offline';
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
}

function plural(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}

/** What the person should know about saves that have not landed, in plain words (`noun`: score, verdict). */
export function queueMessage<T extends QueuedItem>(snapshot: QueueSnapshot<T>, now: number, noun: string): string | null {
  const waiting = snapshot.pending.size;
  if (waiting === 0 || snapshot.problem === null) return null;
  const items = plural(waiting, noun);
  const verb = waiting === 1 ? 'is' : 'are';
  if (snapshot.problem === 'signed-out') return `Your session has ended. ${items} ${verb} kept in this browser and will be saved once you sign in again (use the link, your page stays open).`;
  if (snapshot.problem === 'server') {
    const seconds = snapshot.retryAt ? Math.max(1, Math.ceil((snapshot.retryAt - now) / 1000)) : 1;
    return `The server did not save ${items} just now. ${waiting === 1 ? 'It is' : 'They are'} kept in this browser and retried automatically (next try in ${seconds} s).`;
  }
  return `${items} ${verb} waiting for the connection; ${waiting === 1 ? 'it' : 'they'} will be saved automatically.`;
}

/** A score given (or cleared, null) on the rating screen. */
export type PendingSave = QueuedItem & {
  caseId: string;
  optionId: string;
  score: number | null;
  activeMs: number;
};

export type SaveResult = { outcome: 'applied' | 'duplicate' | 'stale'; optionId: string; score: number | null; rated: number; total: number; completed: boolean; submitted: boolean };

/** The rating screen's queue: scores keyed by option, sent to POST /api/ratings (the store predates verdicts: its names stay). */
export class SaveQueue extends PersistentQueue<PendingSave, SaveResult> {
  constructor(userId: string, endpoint: string, onResult: (result: SaveResult, save: PendingSave) => void) {
    super(
      userId,
      {
        database: 'primum-rating',
        store: 'pending-saves',
        keyOf: (save) => save.optionId,
        send: (save) =>
          postJson<SaveResult>(endpoint, { clientId: save.clientId, optionId: save.optionId, score: save.score, givenAt: save.givenAt, activeMs: Math.min(Math.round(save.activeMs), 86_400_000) }, (status) => `The server refused this score (HTTP ${status}).`),
      },
      onResult,
    );
  }
}
