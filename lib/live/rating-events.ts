import 'server-only';
import pg from 'pg';

type Listener = (projectId: string) => void;

// One LISTEN connection per app instance (not Prisma's pool: LISTEN needs a dedicated session).
// The `ratings_notify` trigger NOTIFYs on commit, so every instance sees every committed rating,
// whichever instance (or the CLI) wrote it.
const CHANNEL = 'primum_ratings';
const state = globalThis as unknown as { primumRatingEvents?: { listeners: Set<Listener>; client: Promise<pg.Client> | null } };
const hub = (state.primumRatingEvents ??= { listeners: new Set(), client: null });

function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const ready = (async () => {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      for (const listener of hub.listeners) listener(message.payload);
    });
    client.on('error', (error) => {
      console.error('[live] LISTEN connection lost; reconnecting', error.message);
      hub.client = null;
      setTimeout(() => {
        if (hub.listeners.size > 0 && !hub.client) hub.client = connect();
      }, 1000);
    });
    return client;
  })();
  ready.catch(() => (hub.client = null));
  return ready;
}

/** Call `listener(projectId)` after each committed rating change; returns the unsubscribe. */
export async function onRatingChange(listener: Listener): Promise<() => void> {
  hub.listeners.add(listener);
  hub.client ??= connect();
  await hub.client;
  return () => {
    hub.listeners.delete(listener);
  };
}

/** Close the LISTEN connection (tests and shutdown). */
export async function stopRatingEvents(): Promise<void> {
  hub.listeners.clear();
  const pending = hub.client;
  hub.client = null;
  const client = await pending?.catch(() => null);
  client?.removeAllListeners('error');
  client?.on('error', () => undefined);
  await client?.end().catch(() => undefined);
}
