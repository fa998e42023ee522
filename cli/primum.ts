import { AppError } from '@/lib/errors';
import { EXIT_USAGE, reportFailure, runCommand, type Command } from '@/cli/command';
import { agreementCommand } from '@/cli/commands/agreement';
import { demoCommand } from '@/cli/commands/demo';
import { evaluateCommand } from '@/cli/commands/evaluate';
import { exportCommand } from '@/cli/commands/export';
import { importCommand } from '@/cli/commands/import';
import { migrateCommand } from '@/cli/commands/migrate';
import { releaseCommand } from '@/cli/commands/release';
import { serveCommand } from '@/cli/commands/serve';
import { simulateCommand } from '@/cli/commands/simulate';
import { userCommand } from '@/cli/commands/user';
import { verifyCommand } from '@/cli/commands/verify';

const COMMANDS: Command[] = [serveCommand, migrateCommand, importCommand, simulateCommand, userCommand, demoCommand, agreementCommand, releaseCommand, exportCommand, verifyCommand, evaluateCommand];

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
  if (!command) return reportFailure(new AppError('INVALID_INPUT', `unknown command "${name}" (try: npx primum --help)`));
  return runCommand(command, args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(reportFailure(error)),
);
