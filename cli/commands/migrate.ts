import { parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  help: `Usage: npx primum migrate

Applies the checked-in migrations (prisma/migrations) with \`prisma migrate deploy\` to
MIGRATION_DATABASE_URL (the owner; default DATABASE_URL), or to the embedded PostgreSQL when
DATABASE_URL is not set. When the app's role (DATABASE_URL's) is another one, it then grants it
what the app needs and no more (docs/deployment.md); the embedded database's app role,
primum_app, is created and granted. Safe to run repeatedly.`,
  async run(args) {
    parseCommandArgs(args, {}, false);
    await withDatabase(async () => undefined, { migrate: true });
    process.stdout.write('migrations: up to date\n');
    return 0;
  },
};
