import 'server-only';
import pg from 'pg';
import { log } from '@/lib/log/logger';

/** Called with the project id of a committed rating change, or ANY_PROJECT after a reconnect. */
type Listener = (projectId: string) => void;

/** Sent after the connection was lost and regained: changes may have been missed meanwhile. */
export const ANY_PROJECT = '*';

// One LISTEN connection per app instance (not Prisma's pool: LISTEN needs a dedicated session).
// The `ratings_notify` trigger NOTIFYs on commit, so every instance sees every committed rating,
// whichever instance (or the CLI) wrote it.
const CHANNEL = 'primum_ratings';
// `lost`: listeners that would rather end than wait for the reconnect (a browser's stream: ending
// it shows the outage in the browser, which then reconnects by itself).
type Hub = { listeners: Set<Listener>; lost: Map<Listener, () => void>; client: Promise<pg.Client> | null; failures: number; timer: ReturnType<typeof setTimeout> | null };
const state = globalThis as unknown as { primumRatingEvents?: Hub };
const hub = (state.primumRatingEvents ??= { listeners: new Set(), lost: new Map(), client: null, failures: 0, timer: null });

function broadcast(projectId: string): void {
  for (const listener of hub.listeners) listener(projectId);
}

/** Retry with backoff (1 s, 2 s, ... 30 s) for as long as someone listens. */
function scheduleReconnect(): void {
  if (hub.timer || hub.listeners.size === 0) return;
  const delay = Math.min(30_000, 1000 * 2 ** hub.failures);
  hub.failures += 1;
  hub.timer = setTimeout(() => {
    hub.timer = null;
    if (!hub.client && hub.listeners.size > 0) hub.client = connect();
  }, delay);
  hub.timer.unref?.();
}

function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  let lost = false;
  const onLost = (error?: Error) => {
    if (lost) return;
    lost = true;
    log.warn('LISTEN connection lost; reconnecting', { component: 'live' }, error);
    hub.client = null;
    const ending = [...hub.lost];
    hub.lost.clear();
    for (const [listener, end] of ending) {
      hub.listeners.delete(listener);
      end();
    }
    scheduleReconnect();
  };
  const ready = (async () => {
    client.on('error', onLost);
    client.on('end', () => onLost());
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) broadcast(message.payload);
    });
    return client;
  })();
  ready.then(
    () => {
      if (hub.failures > 0) broadcast(ANY_PROJECT);
      hub.failures = 0;
    },
    () => onLost(),
  );
  return ready;
}

/**
 * Call `listener` after each committed rating change; returns the unsubscribe. With `onLost`, a
 * lost connection unsubscribes the listener and calls `onLost` instead of reconnecting for it.
 */
export async function onRatingChange(listener: Listener, onLost?: () => void): Promise<() => void> {
  hub.listeners.add(listener);
  if (onLost) hub.lost.set(listener, onLost);
  const unsubscribe = () => {
    hub.listeners.delete(listener);
    hub.lost.delete(listener);
  };
  try {
    hub.client ??= connect();
    await hub.client;
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return unsubscribe;
}

/** Call `onChange` when a rating of this project changes (or may have, after a reconnect). */
export function onProjectRatingChange(projectId: string, onChange: () => void, onLost?: () => void): Promise<() => void> {
  return onRatingChange((changed) => {
    if (changed === projectId || changed === ANY_PROJECT) onChange();
  }, onLost);
}

/** Close the LISTEN connection (tests and shutdown). */
export async function stopRatingEvents(): Promise<void> {
  hub.listeners.clear();
  hub.lost.clear();
  if (hub.timer) clearTimeout(hub.timer);
  hub.timer = null;
  hub.failures = 0;
  const pending = hub.client;
  hub.client = null;
  const client = await pending?.catch(() => null);
  client?.removeAllListeners('end');
  client?.removeAllListeners('error');
  client?.on('error', () => undefined);
  await client?.end().catch(() => undefined);
}
