import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A secret generated on first use and kept in `folder/name`, readable by its owner only. */
export function keptSecret(folder: string, name: string, generate: () => string): string {
  const file = path.join(folder, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(folder, { recursive: true });
  const secret = generate();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** AUTH_SECRET from the environment, or one generated on first start and kept in the data folder. */
export function ensureAuthSecret(folder: string, fromEnv: string | undefined): string {
  return fromEnv || keptSecret(folder, 'auth-secret', () => randomBytes(33).toString('base64'));
}
