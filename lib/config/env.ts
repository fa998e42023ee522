import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

const postgresUrl = z
  .string()
  .url('must be a URL such as postgresql://user:password@host:5432/primum')
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgresql:// or postgres://');

const port = z.coerce.number().int().min(1).max(65535);

/** Optional OpenID Connect sign-in (lib/auth/oidc.ts): on when the first three are set, off when none is. */
const oidcShape = {
  OIDC_ISSUER: z
    .string()
    .url('must be the issuer URL, such as https://login.example.org/realms/primum')
    .refine((value) => /^https?:\/\//.test(value), 'must start with https:// (or http:// for a local test provider)')
    .optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The sign-in button's label: "Sign in with <OIDC_NAME>". */
  OIDC_NAME: z.string().trim().min(1).max(40, 'must be at most 40 characters (it labels a button)').optional(),
};
const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;

/** One or two of the three set: say which are missing, in one sentence, rather than start without it. */
function requireAllOrNoOidc(env: Partial<Record<(typeof OIDC_REQUIRED)[number], string>>, ctx: z.RefinementCtx): void {
  const missing = OIDC_REQUIRED.filter((name) => !env[name]);
  if (missing.length === 0 || missing.length === OIDC_REQUIRED.length) return;
  const names = missing.join(' and ');
  ctx.addIssue({
    code: 'custom',
    path: [names],
    message: `${missing.length === 1 ? 'is' : 'are'} missing: OpenID Connect sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together (set all three, or none to keep it off)`,
  });
}

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
  ...oidcShape,
})
  .refine((env) => !env.MIGRATION_DATABASE_URL || env.DATABASE_URL, {
    path: ['MIGRATION_DATABASE_URL'],
    message: 'needs DATABASE_URL too (the embedded database creates both roles itself)',
  })
  .superRefine(requireAllOrNoOidc);

const oidcSchema = z.object(oidcShape).superRefine(requireAllOrNoOidc);

export type Env = z.infer<typeof envSchema>;

/** The OpenID Connect settings when sign-in through an identity provider is configured. */
export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string };

function parse<T>(schema: z.ZodType<T>, source: Record<string, string | undefined>): T {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new AppError('CONFIG', `invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Parse the environment once, turning every problem into one readable message. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return parse(envSchema, source);
}

/**
 * Only the OpenID Connect part, for the app server (`npx primum serve` has already checked the
 * whole environment with readEnv): null when off; a partial configuration throws the same message.
 */
export function readOidcSettings(source: Record<string, string | undefined> = process.env): OidcSettings | null {
  return oidcSettings(parse(oidcSchema, source));
}

function oidcSettings(env: z.infer<typeof oidcSchema>): OidcSettings | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, name: env.OIDC_NAME ?? 'Single sign-on' };
}

/** The project folder (where package.json lives); bin/primum.mjs sets PRIMUM_ROOT. */
export function projectRoot(): string {
  return process.env.PRIMUM_ROOT ?? process.cwd();
}

/**
 * A file of the project folder that is loaded at run time, not bundled: the entry of a worker
 * thread. Joined as an array on purpose: Next's build traces `path.join(...)` inside `new Worker`
 * and would try to bundle the entry (the build failed on esbuild's binary).
 */
export function projectFile(...parts: string[]): string {
  return [projectRoot(), ...parts].join(path.sep);
}

/** Git-ignored folder holding the embedded database and the generated auth secret. */
export function dataDir(env: Env): string {
  return path.resolve(projectRoot(), env.PRIMUM_DATA_DIR ?? '.primum');
}
