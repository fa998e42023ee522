import { parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'seed the fictional demo (or deactivate its logins)',
  help: `Usage: npx primum demo [--deactivate]

Seeds the demo project of fictional cases with a demo coordinator and physicians whose password
is published ("primum-demo"), unless it is already there. npm start does this by itself only on
the first start of the embedded database (or with PRIMUM_DEMO=1); a DATABASE_URL database never
gets it unasked. Demo physicians are only ever assigned demo cases, and while demo logins can sign
in, npm start listens on 127.0.0.1 only (unless HOST is set).

Options:
  --deactivate   deactivate every demo login (audited), e.g. before opening the server to others`,
  async run(args) {
    const { values } = parseCommandArgs(args, { deactivate: { type: 'boolean' } }, false);
    const { getDb } = await import('@/lib/db');
    const { DEMO_PASSWORD, hasDemo, seedDemo } = await import('@/lib/seed/demo');
    const { setUserActive } = await import('@/lib/users/service');
    const lines = await withDatabase(
      async () => {
        if (values.deactivate) {
          const demo = await getDb().user.findMany({ where: { isDemo: true, isActive: true }, select: { email: true }, orderBy: { email: 'asc' } });
          for (const user of demo) await setUserActive({ actorId: null, email: user.email, isActive: false });
          return [demo.length ? `deactivated ${demo.length} demo login(s): ${demo.map((u) => u.email).join(', ')}` : 'no active demo logins'];
        }
        if (await hasDemo()) return ['the demo is already seeded (npx primum user list shows its logins)'];
        const seeded = await seedDemo();
        return [`seeded the demo project "${seeded.project}" (fictional cases). Demo logins, password "${DEMO_PASSWORD}":`, ...seeded.users.map((u) => `  ${u.role.toLowerCase().padEnd(12)} ${u.email}`)];
      },
      { quiet: true },
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
