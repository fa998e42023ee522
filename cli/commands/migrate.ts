import { parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  help: `Usage: npx primum migrate

Applies the checked-in migrations (prisma/migrations) with \`prisma migrate deploy\` to
DATABASE_URL, or to the embedded PostgreSQL when it is not set. Safe to run repeatedly.`,
  async run(args) {
    parseCommandArgs(args, {}, false);
    await withDatabase(async () => undefined, { migrate: true });
    process.stdout.write('migrations: up to date\n');
    return 0;
  },
};
