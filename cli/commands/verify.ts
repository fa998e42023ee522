import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { parseCommandArgs, type Command } from '@/cli/command';
import { AppError } from '@/lib/errors';
import { MANIFEST } from '@/lib/releases/archive/types';
import { verifyRelease, type VerifyProblem } from '@/lib/releases/verify';

const HELP = `Usage: npx primum verify <archive.zip | unpacked folder> [--json]

Checks a Primum release archive without a database: MANIFEST.sha256 (every file's SHA-256; the
release id is the SHA-256 of the manifest), release.json, every option's gold score and label
recomputed from ratings.jsonl and adjudications.jsonl under the recorded gold rule, the rubrics'
integer scores, the CSV and Parquet copies against the JSONL rows, the counts, and agreement.json
recomputed with its recorded bootstrap replicates and seed.

A folder is the release folder (<slug>-v<N>/) or the folder it was unpacked into.

Options:
  --json   print the report as JSON ({"ok":...,"releaseId":...,"checked":{...},"problems":[...]})

Exit codes: 0 everything matches; 1 mismatches (one line each: file, case, option, field,
expected, found); 2 bad usage, or not a readable archive.`;

/** The zip's files relative to its one top-level folder (the release folder). */
function readZip(file: string, bytes: Uint8Array): Map<string, Uint8Array> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `${file}: not a zip archive (${error instanceof Error ? error.message : String(error)})`);
  }
  const names = Object.keys(entries).filter((name) => !name.endsWith('/'));
  const tops = new Set(names.map((name) => name.split('/')[0]));
  if (names.length === 0 || tops.size !== 1 || names.some((name) => !name.includes('/'))) {
    throw new AppError('INVALID_INPUT', `${file}: not a Primum release archive (expected one top-level folder <slug>-v<N>/)`);
  }
  const top = [...tops][0];
  return new Map(names.map((name) => [name.slice(top.length + 1), entries[name]]));
}

function readFolder(folder: string): Map<string, Uint8Array> {
  const found = readdirSync(folder, { withFileTypes: true });
  const subfolders = found.filter((entry) => entry.isDirectory());
  // `unzip release.zip -d out` gives out/<slug>-vN/: accept the outer folder too.
  if (!found.some((entry) => entry.name === MANIFEST || entry.name === 'release.json') && subfolders.length === 1 && found.length === 1) {
    return readFolder(path.join(folder, subfolders[0].name));
  }
  const files = new Map<string, Uint8Array>();
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    files.set(relative, new Uint8Array(readFileSync(path.join(entry.parentPath, entry.name))));
  }
  if (files.size === 0) throw new AppError('INVALID_INPUT', `${folder}: the folder is empty`);
  return files;
}

/** The release folder's files from a zip or a folder; anything unreadable is the caller's to fix (exit 2). */
function readRelease(given: string): Map<string, Uint8Array> {
  let isFolder: boolean;
  try {
    isFolder = statSync(given).isDirectory();
  } catch {
    throw new AppError('INVALID_INPUT', `${given}: no such file or folder`);
  }
  const files = isFolder ? readFolder(given) : readZip(given, new Uint8Array(readFileSync(given)));
  if (!files.has(MANIFEST) && !files.has('release.json')) throw new AppError('INVALID_INPUT', `${given}: not a Primum release (neither ${MANIFEST} nor release.json in it)`);
  return files;
}

/** One problem on one line: `<file>: case X option N: <field> expected E, found F`. */
function formatProblem(problem: VerifyProblem): string {
  const place = [problem.case !== undefined ? `case ${problem.case}` : '', problem.option !== undefined ? `option ${problem.option}` : ''].filter(Boolean).join(' ');
  return `${problem.file}: ${place ? `${place}: ` : ''}${problem.message}`;
}

/** "<project> vN" from release.json, for the summary line; "?" for what cannot be read (verify reports why). */
function releaseName(files: Map<string, Uint8Array>): string {
  try {
    const meta = JSON.parse(strFromU8(files.get('release.json') ?? new Uint8Array())) as { project?: { slug?: unknown }; version?: unknown };
    return `${String(meta.project?.slug ?? '?')} v${String(meta.version ?? '?')}`;
  } catch {
    return '? v?';
  }
}

function write(text: string): Promise<void> {
  // Wait for the write: the dispatcher exits the process as soon as run() resolves.
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a release archive: manifest, gold labels and agreement recomputed from the raw rows',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (values.help) {
      await write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new AppError('INVALID_INPUT', 'verify needs exactly one <archive.zip or folder> (see --help)');
    const files = readRelease(positionals[0]);
    const report = await verifyRelease(files);
    if (values.json) {
      await write(`${JSON.stringify(report)}\n`);
    } else if (report.ok) {
      const { checked } = report;
      await write(`verified: release ${report.releaseId} (${releaseName(files)}): ${checked.files} files, ${checked.options} options, ${checked.ratings} ratings, agreement recomputed\n`);
    } else {
      const lines = report.problems.map(formatProblem);
      await write(`${lines.join('\n')}\nverify failed: ${lines.length} problem line(s)${report.releaseId ? ` for release ${report.releaseId}` : ''}\n`);
    }
    return report.ok ? 0 : 1;
  },
};
