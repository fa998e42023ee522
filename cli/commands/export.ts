import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';
import { AppError } from '@/lib/errors';

const HELP = `Usage: npx primum export <release-id | project@vN> --out <file.zip>

Writes a locked release's archive: the same bytes as the download on its page (rubrics with gold
scores, options and ratings as CSV, JSONL and Parquet, adjudications, agreement, release.json, the
dataset card and MANIFEST.sha256). The release id is the SHA-256 of MANIFEST.sha256 (a prefix of
12 or more hex digits is enough); project@vN names a version (e.g. noharm@v2).

The file is written next to its final name and renamed when complete, so a failed export never
leaves a partial archive under that name.
Exit codes: 0 written; 1 the release no longer exports to the bytes recorded at lock (nothing
written); 2 bad usage or no such release.`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a locked release\'s archive (zip) to a file',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { out: { type: 'string', short: 'o' } });
    if (positionals.length !== 1) throw new AppError('INVALID_INPUT', 'export needs exactly one release id or project@vN (see --help)');
    if (!values.out) throw new AppError('INVALID_INPUT', 'export needs --out <file.zip>');
    const out = values.out;
    const { exportRelease, findReleaseByRef } = await import('@/lib/releases/export');
    const written = await withDatabase(
      async () => {
        const release = await findReleaseByRef(positionals[0]);
        const archive = await exportRelease(release.id);
        const partial = `${out}.partial`;
        try {
          await pipeline(Readable.fromWeb(archive.stream as WebReadableStream<Uint8Array>), createWriteStream(partial));
          // The stream itself fails when the archive is not the one recorded at lock (exportRelease).
          const summary = await archive.summary;
          await rename(partial, out);
          return { id: summary.manifestSha256, fileName: archive.fileName, bytes: (await stat(out)).size };
        } catch (error) {
          await rm(partial, { force: true });
          throw error;
        }
      },
      { quiet: true },
    );
    process.stdout.write(`wrote ${out} (${written.bytes} bytes, ${written.fileName})\nrelease id: ${written.id}\n`);
    return 0;
  },
};
