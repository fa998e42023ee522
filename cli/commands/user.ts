import { parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';
import { AppError } from '@/lib/errors';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export const userCommand: Command = {
  name: 'user',
  summary: 'add a user (physician, coordinator, adjudicator, admin)',
  help: `Usage: npx primum user add --email <email> --name <name> --role <role> [--specialty <code>...] --password-stdin

Roles: physician, coordinator, adjudicator, admin. A physician needs at least one --specialty
(All, Card, Derm, Endo, GI, Heme, ID, Nephro, Neuro, Pulm); repeat the flag for several.
The password (10+ characters) is read from standard input, so it stays out of shell history:
  echo 'a-long-password' | npx primum user add --email a@b.org --name 'Dr A' --role physician --specialty Card --password-stdin
New physicians are given waiting cases of their specialties at once.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      specialty: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean' },
    });
    if (positionals[0] !== 'add' || positionals.length !== 1) throw new AppError('INVALID_INPUT', 'usage: npx primum user add --email ... (see --help)');
    if (!values['password-stdin']) throw new AppError('INVALID_INPUT', '--password-stdin is required (the password is read from standard input)');
    const password = await readStdin();
    const { createUser } = await import('@/lib/users/service');
    const { assignOpenCases } = await import('@/lib/assignment/service');
    const { getDb } = await import('@/lib/db');
    const user = await withDatabase(
      async () => {
        const created = await createUser({
          actorId: null,
          input: { email: values.email ?? '', name: values.name ?? '', role: (values.role ?? '').toUpperCase() as never, password, specialties: values.specialty ?? [] },
        });
        const projects = await getDb().project.findMany({ select: { id: true } });
        for (const project of projects) await getDb().$transaction((tx) => assignOpenCases(tx, project.id));
        return created;
      },
      { quiet: true },
    );
    process.stdout.write(`created ${user.email}\n`);
    return 0;
  },
};
