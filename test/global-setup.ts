import type { TestProject } from 'vitest/node';
import { applyMigrations } from '@/lib/server/migrate';
import { createDatabase, dropDatabase, startTestServer, uniqueName } from '@/test/database';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

/**
 * Integration tests: one migrated template database per run; each test file then gets its own
 * copy of it (test/integration-setup.ts), so files never see each other's data.
 */
export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const templateDb = uniqueName('primum_tpl');
  const url = await createDatabase(server.adminUrl, templateDb);
  await applyMigrations(url);
  project.provide('adminUrl', server.adminUrl);
  project.provide('templateDb', templateDb);
  return async () => {
    await dropDatabase(server.adminUrl, templateDb);
    await server.stop();
  };
}
