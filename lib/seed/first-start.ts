import 'server-only';
import { getDb } from '@/lib/db';
import { DEMO_PASSWORD, hasDemo, isEmpty, seedDemo } from '@/lib/seed/demo';

export type StartState = {
  /** The demo logins, when this start seeded the demo. */
  seeded?: { project: string; users: Array<{ email: string; role: string }> };
  /** Demo accounts that can sign in exist: the app must not be reachable from other machines. */
  demoActive: boolean;
  /** No real (non-demo, non-simulated) active account yet: the start says how to create one. */
  needsFirstAdmin: boolean;
};

/**
 * What `npm start` does to the database before serving. The fictional demo (published password)
 * is seeded only where it belongs: the embedded zero-setup database on its first start, or when
 * asked (`PRIMUM_DEMO=1`, `npx primum demo`). A real DATABASE_URL database starts empty.
 */
export async function prepareFirstStart(options: { embedded: boolean; demo?: boolean }): Promise<StartState> {
  const wanted = options.demo ?? options.embedded;
  const state: StartState = { demoActive: false, needsFirstAdmin: false };
  if (wanted && !(await hasDemo()) && (options.demo === true || (await isEmpty()))) state.seeded = await seedDemo();
  const db = getDb();
  state.demoActive = (await db.user.count({ where: { isDemo: true, isActive: true } })) > 0;
  state.needsFirstAdmin = (await db.user.count({ where: { isDemo: false, isSimulated: false, isActive: true } })) === 0;
  return state;
}

/** The hostname `next start` listens on: HOST if set, else 127.0.0.1 while demo logins work. */
export function listenHost(host: string | undefined, demoActive: boolean): string | undefined {
  return host ?? (demoActive ? '127.0.0.1' : undefined);
}

/** The lines the start prints about accounts (demo logins, loopback only, the first admin). */
export function describeStart(state: StartState, host: string | undefined): string[] {
  const lines: string[] = [];
  if (state.seeded) {
    lines.push(`Seeded the demo project "${state.seeded.project}" (fictional cases). Demo logins, password "${DEMO_PASSWORD}":`);
    for (const user of state.seeded.users) lines.push(`  ${user.role.toLowerCase().padEnd(12)} ${user.email}`);
  }
  if (state.demoActive) {
    lines.push(
      host
        ? `Demo accounts with the published password "${DEMO_PASSWORD}" can sign in, and HOST=${host} makes Primum reachable beyond this machine. Deactivate them before real use: npx primum demo --deactivate`
        : `Demo accounts with the published password "${DEMO_PASSWORD}" can sign in, so Primum listens on 127.0.0.1 only (this machine). Deactivate them with \`npx primum demo --deactivate\`, or set HOST (e.g. HOST=0.0.0.0) to listen elsewhere anyway.`,
    );
  }
  if (state.needsFirstAdmin) {
    lines.push('No administrator yet. Create the first one (the password is read from standard input):');
    lines.push("  echo 'a-long-password' | npx primum user add --role admin --email you@hospital.org --name 'Your Name' --password-stdin");
  }
  return lines;
}
