import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** AUTH_SECRET from the environment, or one generated on first start and kept in the data folder. */
export function ensureAuthSecret(folder: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.join(folder, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(33).toString('base64');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
