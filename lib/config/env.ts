import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

const postgresUrl = z
  .string()
  .url('must be a URL such as postgresql://user:password@host:5432/primum')
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgresql:// or postgres://');

const port = z.coerce.number().int().min(1).max(65535);

/** Every environment variable Primum reads. Documented in README.md ("Configuration"). */
const envSchema = z.object({
  /** The app's connection: a role that reads and writes the tables but owns none of them. */
  DATABASE_URL: postgresUrl.optional(),
  /** The owner's connection, for migrations and the app role's grants; defaults to DATABASE_URL. */
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  PORT: port.default(3000),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 33`)').optional(),
  PRIMUM_DATA_DIR: z.string().min(1).optional(),
  PRIMUM_PG_PORT: port.default(54329),
  /** Address `next start` listens on; unset: every interface, or 127.0.0.1 while demo logins work. */
  HOST: z.string().trim().min(1).regex(/^[^\s/]+$/, 'must be a hostname or IP address such as 0.0.0.0').optional(),
  /** 1: seed the fictional demo at start (if absent); 0: not even on the embedded first start. */
  PRIMUM_DEMO: z.enum(['0', '1'], 'must be 0 or 1').transform((value) => value === '1').optional(),
}).refine((env) => !env.MIGRATION_DATABASE_URL || env.DATABASE_URL, {
  path: ['MIGRATION_DATABASE_URL'],
  message: 'needs DATABASE_URL too (the embedded database creates both roles itself)',
});

export type Env = z.infer<typeof envSchema>;

/** Parse the environment once, turning every problem into one readable message. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new AppError('CONFIG', `invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** The project folder (where package.json lives); bin/primum.mjs sets PRIMUM_ROOT. */
export function projectRoot(): string {
  return process.env.PRIMUM_ROOT ?? process.cwd();
}

/** Git-ignored folder holding the embedded database and the generated auth secret. */
export function dataDir(env: Env): string {
  return path.resolve(projectRoot(), env.PRIMUM_DATA_DIR ?? '.primum');
}
