import { AppError, isAppError } from '@/lib/errors';
import { EXIT_USAGE, type Command } from '@/cli/command';
import { agreementCommand } from '@/cli/commands/agreement';
import { demoCommand } from '@/cli/commands/demo';
import { exportCommand } from '@/cli/commands/export';
import { importCommand } from '@/cli/commands/import';
import { migrateCommand } from '@/cli/commands/migrate';
import { releaseCommand } from '@/cli/commands/release';
import { serveCommand } from '@/cli/commands/serve';
import { simulateCommand } from '@/cli/commands/simulate';
import { userCommand } from '@/cli/commands/user';
import { verifyCommand } from '@/cli/commands/verify';

const COMMANDS: Command[] = [serveCommand, migrateCommand, importCommand, simulateCommand, userCommand, demoCommand, agreementCommand, releaseCommand, exportCommand, verifyCommand];

const HELP = `primum: triple-rated clinical harm annotation

Usage: npx primum <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Every command takes --help. Without DATABASE_URL, commands use the embedded PostgreSQL of
\`npm start\` (data in .primum/, started for the command if it is not running).`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new AppError('INVALID_INPUT', `unknown command "${name}" (try: npx primum --help)`);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isAppError(error)) {
      process.stderr.write(`primum: ${error.message}\n`);
      // Bad input (including a project or file that does not exist) is the caller's to fix: exit 2.
      process.exit(error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND' ? EXIT_USAGE : 1);
    }
    process.stderr.write(`primum: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
