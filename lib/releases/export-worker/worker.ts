import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { isAppError } from '@/lib/errors';
import { releaseZipStream } from '@/lib/releases/archive';
import { releaseFolder } from '@/lib/releases/folder';
import { releaseSource } from '@/lib/releases/source';
import { prismaTypes, viaPg } from '@/lib/releases/sql';
import { WINDOW, type ExportJob, type ServerMessage, type WorkerMessage } from './protocol';

/**
 * Runs in the export's worker thread (lib/releases/export-worker/index.ts starts it with a capped
 * heap): reads the release from the database, writes the zip, and sends it to the server chunk by
 * chunk, never more than WINDOW chunks ahead of the reader, so a slow download holds the worker to
 * its pace. A cancel stops the zip stream, which deletes the spool's temporary files.
 */
const port = parentPort!;
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let inFlight = 0;
let cancelled = false;
let wake: (() => void) | null = null;
port.on('message', (message: ServerMessage) => {
  if (message.type === 'ack') inFlight -= 1;
  else cancelled = true;
  wake?.();
  wake = null;
});
const roomOrCancel = () => (inFlight < WINDOW || cancelled ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve)));

async function run(client: pg.Client, { releaseId, expectedId }: ExportJob): Promise<void> {
  const source = await releaseSource(viaPg(client), releaseId);
  const folder = releaseFolder(source.meta.project.slug, source.meta.version);
  send({ type: 'start', folder });
  const { stream, summary } = releaseZipStream(source, folder, { expectedId });
  const reader = stream.getReader();
  for (;;) {
    await roomOrCancel();
    if (cancelled) {
      await reader.cancel();
      return;
    }
    const { done, value } = await reader.read();
    if (done) break;
    // A copy of exactly this chunk's bytes, moved (not cloned) to the server's thread.
    const bytes = value.slice();
    inFlight += 1;
    send({ type: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
  }
  send({ type: 'end', summary: await summary });
}

// One connection of its own (the export reads batch after batch), without Prisma: a worker that
// loads Prisma's client starts ~40 MB larger and ~0.3 s later.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL, types: prismaTypes(pg.types), application_name: 'primum release export' });
try {
  await client.connect();
  await run(client, workerData as ExportJob);
} catch (error) {
  send({ type: 'error', code: isAppError(error) ? error.code : null, message: error instanceof Error ? error.message : String(error) });
} finally {
  await client.end().catch(() => {});
  port.close();
}
