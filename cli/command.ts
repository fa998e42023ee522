import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError, isAppError } from '@/lib/errors';

/** One `primum <name>` sub-command. `run` returns the process exit code. */
export type Command = {
  name: string;
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(args: string[]): Promise<number>;
};

/** Exit code for bad usage or bad input (one-line reason on stderr). */
export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict argument parsing: unknown flags and missing values become an AppError('INVALID_INPUT')
 * with a one-line reason, which the dispatcher prints and exits 2 on.
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AppError('INVALID_INPUT', message);
  }
}

/**
 * Write to stdout and wait until it is flushed (the dispatcher exits as soon as a command returns).
 * A reader that stopped early (`| head`) closes the pipe: that is not an error of the command.
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const closed = (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? resolve() : reject(error));
    // Kept after the write: the stream emits its 'error' only after the write's callback.
    process.stdout.once('error', closed);
    process.stdout.write(text, (error) => (error ? closed(error) : resolve()));
  });
}

/** The exit code of a failed command, after its one-line reason on stderr ("primum: ..."). */
export function reportFailure(error: unknown): number {
  if (isAppError(error)) {
    process.stderr.write(`primum: ${error.message}\n`);
    // Bad input (including a project or file that does not exist) is the caller's to fix: exit 2.
    return error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND' ? EXIT_USAGE : 1;
  }
  process.stderr.write(`primum: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Run one command as `npx primum <name> <args>` does: --help, then the command; failures reported as above. */
export async function runCommand(command: Command, args: string[]): Promise<number> {
  try {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(`${command.help}\n`);
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    return reportFailure(error);
  }
}
