import type { AppErrorCode } from '@/lib/errors';
import type { ArchiveSummary } from '@/lib/releases/archive';

/** What the export worker is asked: one release's zip, checked against the id recorded at lock. */
export type ExportJob = { releaseId: string; expectedId: string | null };

/**
 * The worker to the server: the zip's folder name (once the release is read), its bytes in order,
 * then the summary; or an error at any point (an AppError's code is kept).
 */
export type WorkerMessage =
  | { type: 'start'; folder: string }
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'end'; summary: ArchiveSummary }
  | { type: 'error'; code: AppErrorCode | null; message: string };

/** The server to the worker: a chunk was passed on (the worker may send one more), or stop. */
export type ServerMessage = { type: 'ack' } | { type: 'cancel' };

/** Chunks the worker may have sent and the reader not yet taken: the worker waits beyond that. */
export const WINDOW = 4;
