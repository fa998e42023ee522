import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSink, OpenSink } from './one-pass';

/**
 * Temporary files for the one pass (one-pass.ts): the zip's entries are sequential, but the pass
 * writes every table file at once, so their bytes wait on disk (not in memory) until the zip takes
 * them in order. A file that stays small (a rubric) is kept in memory until it ends and then appended
 * to one shared file, so a release of 10,000 cases does not make 10,000 temporary files. `remove`
 * deletes the folder; callers call it in a `finally`.
 */

/** A file's bytes: `length` bytes of temporary file `fd`, from `offset`. */
type Spooled = { path: string; fd: number; offset: number; length: number };

/** Bytes a file may hold in memory before it gets a temporary file of its own. */
const SMALL = 1 << 20;
/** Bytes per read when the spooled files are copied out. */
const READ = 256 * 1024;

export type Spool = {
  open: OpenSink;
  /** The files in the order they were opened, each read in pieces of at most 256 KiB. */
  files(): Array<{ path: string; read(): Generator<Uint8Array> }>;
  remove(): void;
};

export function createSpool(): Spool {
  const dir = mkdtempSync(join(tmpdir(), 'primum-release-'));
  const fds: number[] = [];
  const newFile = () => {
    const fd = openSync(join(dir, String(fds.length)), 'w+', 0o600);
    fds.push(fd);
    return fd;
  };
  const spooled: Spooled[] = [];
  let shared: { fd: number; length: number } | null = null;

  const open: OpenSink = (path) => {
    const file: Spooled = { path, fd: -1, offset: 0, length: 0 };
    spooled.push(file);
    let held: Uint8Array[] | null = [];
    let heldBytes = 0;
    const sink: FileSink = {
      write(bytes) {
        if (bytes.length === 0) return;
        if (held && heldBytes + bytes.length <= SMALL) {
          held.push(bytes);
          heldBytes += bytes.length;
          return;
        }
        if (held) {
          file.fd = newFile();
          for (const part of held) file.length += writeAll(file.fd, part, file.length);
          held = null;
        }
        file.length += writeAll(file.fd, bytes, file.length);
      },
      end() {
        if (!held) return;
        shared ??= { fd: newFile(), length: 0 };
        file.fd = shared.fd;
        file.offset = shared.length;
        for (const part of held) shared.length += writeAll(shared.fd, part, shared.length);
        file.length = heldBytes;
        held = null;
      },
    };
    return sink;
  };

  return {
    open,
    files: () => spooled.map((file) => ({ path: file.path, read: () => readSpooled(file) })),
    remove() {
      for (const fd of fds.splice(0)) closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function writeAll(fd: number, bytes: Uint8Array, position: number): number {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, position + written);
  return written;
}

function* readSpooled({ fd, offset, length }: Spooled): Generator<Uint8Array> {
  for (let done = 0; done < length; ) {
    // A fresh buffer per piece: the reader may keep the pieces (the in-memory files of the tests).
    const piece = new Uint8Array(Math.min(READ, length - done));
    let filled = 0;
    while (filled < piece.length) {
      const n = readSync(fd, piece, filled, piece.length - filled, offset + done + filled);
      if (n === 0) throw new Error(`release spool: ${length - done - filled} bytes missing`);
      filled += n;
    }
    done += filled;
    yield piece;
  }
}
