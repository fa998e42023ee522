import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/errors';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

function createClient(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new AppError('CONFIG', 'DATABASE_URL is not set (npm start sets it for the embedded database)');
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

// One client per process; Next's dev server reloads modules, so it is kept on globalThis.
const holder = globalThis as unknown as { primumDb?: PrismaClient };

/** The Prisma client, created on first use so that DATABASE_URL can be set by the launcher. */
export function getDb(): PrismaClient {
  holder.primumDb ??= createClient();
  return holder.primumDb;
}

export async function disconnectDb(): Promise<void> {
  await holder.primumDb?.$disconnect();
  holder.primumDb = undefined;
}

/** Record the acting user for database triggers (rating history) for the rest of the transaction. */
export async function setActor(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT set_config('primum.actor_id', ${userId}, true)`;
}

export const SELF_ADJUDICATION_MESSAGE = 'You rated this option, so you cannot adjudicate it: another adjudicator must.';
export const RATING_BY_ADJUDICATOR_MESSAGE = 'You adjudicated this option, so you cannot rate it: its raters and its adjudicator must be different people.';

/**
 * Map errors raised by Primum's triggers (SQLSTATE P0423 / P0403) to AppError; anything else is
 * returned unchanged. `lockedMessage` names what a lock freezes (ratings unless told).
 */
export function toAppError(error: unknown, lockedMessage = 'This case is locked by a release; its ratings can no longer change.'): unknown {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? '')}` : '';
  if (text.includes('primum: locked')) return new AppError('LOCKED', lockedMessage);
  if (text.includes('primum: self-adjudication')) return new AppError('FORBIDDEN', SELF_ADJUDICATION_MESSAGE);
  if (text.includes('primum: rating-by-adjudicator')) return new AppError('FORBIDDEN', RATING_BY_ADJUDICATOR_MESSAGE);
  if (text.includes('is append-only')) return new AppError('FORBIDDEN', 'This record is append-only and cannot be changed.');
  return error;
}
