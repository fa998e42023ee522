import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real open NOHARM rubrics, read from ../shared beside the project (never copied into it). */
export const NOHARM_RUBRICS_DIR = fileURLToPath(new URL('../../shared/datasets/noharm-open/rubrics', import.meta.url));

export function noharmFile(caseId: string): { name: string; content: string } {
  const name = `${caseId}.json`;
  return { name, content: readFileSync(path.join(NOHARM_RUBRICS_DIR, name), 'utf8') };
}

export function allNoharmFiles(): Array<{ name: string; content: string }> {
  return readdirSync(NOHARM_RUBRICS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => noharmFile(name.replace(/\.json$/, '')));
}
