import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';

/** Expand files and folders (their *.json files, sorted) and read their bytes (decoded and checked by the importer); a missing path is an error. */
export function readJsonFiles(paths: string[]): Array<{ name: string; content: Uint8Array }> {
  const files: string[] = [];
  for (const given of paths) {
    let stats;
    try {
      stats = statSync(given);
    } catch {
      throw new AppError('INVALID_INPUT', `${given}: no such file or folder`);
    }
    if (stats.isDirectory()) {
      const found = readdirSync(given).filter((name) => name.endsWith('.json')).sort();
      if (found.length === 0) throw new AppError('INVALID_INPUT', `${given}: the folder has no .json files`);
      files.push(...found.map((name) => path.join(given, name)));
    } else {
      files.push(given);
    }
  }
  return files.map((file) => ({ name: path.basename(file), content: new Uint8Array(readFileSync(file)) }));
}
