import { performance } from 'node:perf_hooks';
import { disconnectDb, getDb } from '@/lib/db';
import { importRubrics } from '@/lib/import/service';
import { stopRatingEvents } from '@/lib/live/rating-events';
import { applyMigrations } from '@/lib/server/migrate';
import { simulateRatings } from '@/lib/simulate/service';
import { createDatabase, dropDatabase, startTestServer, uniqueName } from '@/test/database';
import { noharmScaleFiles } from './noharm-scale';

/** A fresh migrated database (DATABASE_URL's server, else embedded) for `work`, dropped afterwards. */
export async function withBenchDatabase(prefix: string, work: (url: string) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  const name = uniqueName(prefix);
  const url = await createDatabase(server.adminUrl, name);
  try {
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    await work(url);
  } finally {
    await stopRatingEvents();
    await disconnectDb();
    await dropDatabase(server.adminUrl, name);
    await server.stop();
  }
}

/** Import the NOHARM-scale cases into project `bench` and let simulated raters rate them all. */
export async function seedNoharmScale(): Promise<{ projectId: string }> {
  const started = performance.now();
  const { project } = await importRubrics({ actorId: null, project: { slug: 'bench' }, files: noharmScaleFiles() });
  const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
  const simulated = await simulateRatings({ projectId, seed: 1 });
  const options = await getDb().option.count({ where: { case: { projectId } } });
  console.log(`seeded ${options} options, ${simulated.ratings} ratings by ${simulated.createdRaters.length} simulated raters in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { projectId };
}

export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
