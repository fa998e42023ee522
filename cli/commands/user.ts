import { parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';
import { AppError } from '@/lib/errors';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Give every project's waiting cases to physicians who can now take them (new or reactivated). */
async function assignEverywhere(): Promise<void> {
  const { assignInProjects } = await import('@/lib/users/service');
  const { getDb } = await import('@/lib/db');
  await getDb().$transaction((tx) => assignInProjects(tx, 'all', null), { timeout: 120_000 });
}

function oneEmail(action: string, positionals: string[]): string {
  if (positionals.length !== 2) throw new AppError('INVALID_INPUT', `usage: npx primum user ${action} <email> (see --help)`);
  return positionals[1];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

async function add(values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  if (!values['password-stdin']) throw new AppError('INVALID_INPUT', '--password-stdin is required (the password is read from standard input)');
  const password = await readStdin();
  const { createUser } = await import('@/lib/users/service');
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  const user = await withDatabase(
    async () => {
      const created = await createUser({
        actorId: null,
        input: { email: text('email'), name: text('name'), role: text('role').toUpperCase() as never, password, specialties: (values.specialty as string[] | undefined) ?? [], projects: (values.project as string[] | undefined) ?? [] },
      });
      await assignEverywhere();
      return created;
    },
    { quiet: true },
  );
  process.stdout.write(`created ${user.email}\n`);
  return 0;
}

async function list(json: boolean): Promise<number> {
  const { listUsers } = await import('@/lib/users/service');
  const users = await withDatabase(listUsers, { quiet: true });
  if (json) {
    process.stdout.write(`${JSON.stringify(users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })), null, 2)}\n`);
    return 0;
  }
  const mark = (u: (typeof users)[number]) => [u.isActive ? 'active' : 'inactive', u.isDemo ? 'demo' : '', u.isSimulated ? 'simulated' : ''].filter(Boolean).join(', ');
  const rows = [['EMAIL', 'NAME', 'ROLE', 'SPECIALTIES', 'STATUS'], ...users.map((u) => [u.email, u.name, u.role.toLowerCase(), u.specialties.join(',') || '-', mark(u)])];
  process.stdout.write(`${users.length ? table(rows) : 'no users yet (add one: npx primum user add --help)'}\n`);
  return 0;
}

export const userCommand: Command = {
  name: 'user',
  summary: 'add, list, deactivate, activate users and set passwords',
  help: `Usage: npx primum user add --email <email> --name <name> --role <role> [--specialty <code>...] [--project <slug>...] --password-stdin
       npx primum user list [--json]
       npx primum user deactivate <email>
       npx primum user activate <email>
       npx primum user set-password <email> --password-stdin

add           Roles: physician, coordinator, adjudicator, admin. A physician needs at least one
              --specialty (All, Card, Derm, Endo, GI, Heme, ID, Nephro, Neuro, Pulm); repeat the
              flag for several. New physicians are given waiting cases of their specialties at once.
              --project makes the user a member of that project (repeat for several):
              coordinators and adjudicators see only their projects; admins see all.
list          every user with role, specialties and status (active/inactive, demo, simulated);
              --json prints an array of {email, name, role, specialties, isActive, isDemo,
              isSimulated, createdAt}.
deactivate    the user can no longer sign in, and a signed-in session stops working at its next
              request. Submitted ratings stay; open assignments (assigned or in progress) go
              back to the pool with reason "deactivated" (their partial scores are withdrawn,
              kept in the history) and are re-assigned to other physicians of the specialty.
              The last active admin cannot be deactivated.
activate      undo deactivate (a physician is then given waiting cases again).
set-password  replace the password.

Passwords (10+ characters) are read from standard input, so they stay out of shell history:
  echo 'a-long-password' | npx primum user add --email a@b.org --name 'Dr A' --role physician --specialty Card --password-stdin
Every change is recorded in the audit history.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      specialty: { type: 'string', multiple: true },
      project: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const action = positionals[0];
    const only = (allowed: string[]) => {
      const extra = Object.keys(values).filter((key) => values[key as keyof typeof values] !== undefined && !allowed.includes(key));
      if (extra.length) throw new AppError('INVALID_INPUT', `user ${action} does not take --${extra[0]} (see --help)`);
    };
    switch (action) {
      case 'add':
        if (positionals.length !== 1) throw new AppError('INVALID_INPUT', 'usage: npx primum user add --email ... (see --help)');
        only(['email', 'name', 'role', 'specialty', 'project', 'password-stdin']);
        return add(values);
      case 'list':
        if (positionals.length !== 1) throw new AppError('INVALID_INPUT', 'usage: npx primum user list [--json]');
        only(['json']);
        return list(values.json === true);
      case 'deactivate':
      case 'activate': {
        only([]);
        const email = oneEmail(action, positionals);
        const { setUserActive } = await import('@/lib/users/service');
        // The same service as the web's person page: deactivation gives open work back, activation takes waiting cases.
        const result = await withDatabase(() => setUserActive({ actorId: null, email, isActive: action === 'activate' }), { quiet: true });
        const withdrawn = result.withdrawn > 0 ? `; ${result.withdrawn} open assignment${result.withdrawn === 1 ? '' : 's'} withdrawn, ${result.reassigned} re-assigned` : '';
        const assigned = result.assigned > 0 ? `; ${result.assigned} waiting case${result.assigned === 1 ? '' : 's'} assigned` : '';
        process.stdout.write(`${result.email}: ${result.changed ? `${action}d` : `already ${action === 'activate' ? 'active' : 'inactive'}`}${withdrawn}${assigned}\n`);
        return 0;
      }
      case 'set-password': {
        only(['password-stdin']);
        const email = oneEmail(action, positionals);
        if (!values['password-stdin']) throw new AppError('INVALID_INPUT', '--password-stdin is required (the password is read from standard input)');
        const password = await readStdin();
        const { setUserPassword } = await import('@/lib/users/service');
        const result = await withDatabase(() => setUserPassword({ actorId: null, email, password }), { quiet: true });
        process.stdout.write(`${result.email}: password set\n`);
        return 0;
      }
      default:
        throw new AppError('INVALID_INPUT', action ? `unknown user action "${action}" (add, list, deactivate, activate, set-password)` : 'usage: npx primum user <add|list|deactivate|activate|set-password> (see --help)');
    }
  },
};
