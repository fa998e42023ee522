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

/** Map errors raised by Primum's triggers (SQLSTATE P0423 / P0403) to AppError. */
export function toAppError(error: unknown): unknown {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? '')}` : '';
  if (text.includes('primum: locked')) return new AppError('LOCKED', 'This case is locked by a release; its ratings can no longer change.');
  if (text.includes('is append-only')) return new AppError('FORBIDDEN', 'This record is append-only and cannot be changed.');
  return error;
}
