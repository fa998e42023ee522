/**
 * Same bytes before and after a change to the release code: run this file from two checkouts
 * (the old code and the new) against one database, and compare what they print. Not a test.
 *
 *   DATABASE_URL=... tsx bench/release-export-compare.ts prepare           NOHARM-scale project, simulated ratings, adjudications
 *   DATABASE_URL=... tsx bench/release-export-compare.ts lock <project> <actor>    lockRelease (override: the ratings are simulated)
 *   DATABASE_URL=... tsx bench/release-export-compare.ts export <release> <out.zip>  exportRelease to a file; prints its SHA-256
 *   DATABASE_URL=... tsx bench/release-export-compare.ts rows <release> <out.json>    the release's rows as JSON (created_at left out)
 *
 * With `CREATE DATABASE b TEMPLATE a` taken after `prepare`, the old code locks in one copy and the
 * new code in the other: their rows must match, and both codes must export each release to one zip.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { disconnectDb, getDb } from '@/lib/db';
import { importRubrics } from '@/lib/import/service';
import { applyMigrations } from '@/lib/server/migrate';
import { simulateRatings } from '@/lib/simulate/service';
import { exportRelease } from '@/lib/releases/export';
import { lockRelease } from '@/lib/releases/service';
import { noharmScaleFiles } from './noharm-scale';

async function prepare(): Promise<unknown> {
  await applyMigrations(process.env.DATABASE_URL!);
  const db = getDb();
  const { project } = await importRubrics({ actorId: null, project: { slug: 'compare' }, files: noharmScaleFiles() });
  const projectId = (await db.project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
  await simulateRatings({ projectId, seed: 7 });
  await db.$executeRaw`INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at)
    VALUES ('u_compare', 'compare@bench.primum.invalid', 'Compare coordinator', 'no-sign-in', 'COORDINATOR', now(), now())`;
  // An adjudication of every option split across the scale (min <= 3, max >= 7), as an adjudicator would.
  const adjudicated = await db.$executeRaw`INSERT INTO adjudications (id, option_id, adjudicator_id, score, rationale, created_at, updated_at)
    SELECT 'j_' || r.option_id, r.option_id, 'u_compare', 4, 'Split "panel", middle reading', timestamp '2026-11-29', timestamp '2026-11-29'
    FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id WHERE c.project_id = ${projectId}
    GROUP BY r.option_id HAVING min(r.score) <= 3 AND max(r.score) >= 7`;
  return { projectId, actorId: 'u_compare', adjudicated };
}

async function rows(releaseId: string): Promise<unknown> {
  const db = getDb();
  const release = await db.release.findUniqueOrThrow({ where: { id: releaseId }, select: { version: true, goldRule: true, goldRuleConfig: true, license: true, overrideReason: true, summary: true, agreement: true } });
  const { created_at: _createdAt, ...summary } = release.summary as Record<string, unknown>;
  const items = await db.$queryRaw`SELECT o.id, i.gold_score, i.rating_count, i.disagreement, i.gold_source, i.locked_by_override, i.zone, i.severity, i.harm_side
    FROM release_items i JOIN options o ON o.id = i.option_id WHERE i.release_id = ${releaseId} ORDER BY o.id`;
  const cases = await db.$queryRaw`SELECT c.external_id, c.locked_at IS NOT NULL AS locked FROM release_cases rc JOIN cases c ON c.id = rc.case_id WHERE rc.release_id = ${releaseId} ORDER BY c.external_id`;
  const files = await db.$queryRaw`SELECT position, path, size::text, sha256 FROM release_files WHERE release_id = ${releaseId} ORDER BY position`;
  return { ...release, summary, items, cases, files };
}

async function main([command, ...args]: string[]): Promise<unknown> {
  if (command === 'prepare') return prepare();
  if (command === 'lock') {
    // Every case but the last five (a selection, not the default): none is ready, the ratings are simulated.
    const cases = await getDb().case.findMany({ where: { projectId: args[0] }, select: { externalId: true }, orderBy: { externalId: 'asc' } });
    const selected = cases.slice(0, -5).map((c) => c.externalId);
    const locked = await lockRelease({ actorId: args[1], projectId: args[0], cases: selected, override: 'Compare run: simulated ratings on purpose.' });
    return { releaseId: locked.releaseId, id: locked.id, version: locked.version, options: locked.options };
  }
  if (command === 'export') {
    const { stream, summary } = await exportRelease(args[0]);
    const bytes = Buffer.from(await new Response(stream).arrayBuffer());
    writeFileSync(args[1], bytes);
    return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), id: (await summary).manifestSha256 };
  }
  if (command === 'rows') {
    // To a file: a pipe would lose the end of a large line at process.exit.
    writeFileSync(args[1], `${JSON.stringify(await rows(args[0]), null, 1)}\n`);
    return { written: args[1] };
  }
  throw new Error(`unknown command ${command}`);
}

main(process.argv.slice(2))
  .then(async (result) => {
    await disconnectDb();
    console.log(JSON.stringify(result));
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
