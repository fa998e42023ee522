import { parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';
import { AppError } from '@/lib/errors';

const HELP = `Usage: npx primum release <project> [--cases <ids>] [--override "<reason>"] [--license <id>] [--as <email>] [--json]

Creates and locks the project's next release version, with the same rules as the Releases page:
every selected case must be ready (its physicians submitted, every option has its k ratings, no
option awaits adjudication under the project's gold rule, and, outside a demo project, no rating
comes from a simulated rater), unless --override gives a written reason, which the release keeps
with who gave it. Locked cases can never change again.

Options:
  --cases <ids>       comma-separated case ids (default: every released case and every ready one)
  --override <reason> lock selected cases that are not ready (at least 10 characters)
  --license <id>      the dataset's licence: cc-by-4.0 (default), cc-by-sa-4.0, cc-by-nc-4.0,
                      cc0-1.0, odc-by or other
  --as <email>        the coordinator or admin recorded as locking it (default: the first admin)
  --json              print {"version":N,"id":"<release id>",...} instead of a sentence

The release id is the SHA-256 of the archive's MANIFEST.sha256 (npx primum export, verify).
Exit codes: 0 locked; 1 refused (not ready without an override); 2 bad usage or unknown project.`;

export const releaseCommand: Command = {
  name: 'release',
  summary: 'create and lock the next release of a project',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      cases: { type: 'string' },
      override: { type: 'string' },
      license: { type: 'string' },
      as: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new AppError('INVALID_INPUT', 'release needs exactly one project slug (see --help)');
    const cases = values.cases === undefined ? undefined : values.cases.split(',').map((c) => c.trim()).filter(Boolean);
    if (cases !== undefined && cases.length === 0) throw new AppError('INVALID_INPUT', '--cases lists no case id');
    const { findProjectBySlug } = await import('@/lib/projects/service');
    const { lockRelease, lockRequestSchema } = await import('@/lib/releases/service');
    const request = lockRequestSchema.safeParse({ cases, override: values.override, license: values.license });
    if (!request.success) {
      const issue = request.error.issues[0];
      throw new AppError('INVALID_INPUT', `--${String(issue.path[0] ?? 'cases')}: ${issue.message}`);
    }
    const result = await withDatabase(
      async () => {
        const project = await findProjectBySlug(positionals[0]);
        const actorId = await commandActor(project.id, values.as);
        return lockRelease({ actorId, projectId: project.id, ...request.data });
      },
      { quiet: true },
    );
    if (values.json) {
      const { releaseId: _databaseId, ...shown } = result;
      process.stdout.write(`${JSON.stringify(shown)}\n`);
    } else {
      const overridden = result.overridden.length > 0 ? `\nlocked by override: ${result.overridden.map((c) => `${c.caseExternalId} (${c.problems.join('; ')})`).join(', ')}` : '';
      process.stdout.write(`release v${result.version} locked: ${result.cases.length} case(s) (${result.added.length} new), ${result.options} option(s)\nrelease id: ${result.id}${overridden}\n`);
    }
    return 0;
  },
};

/** Who the command acts as: --as (an active admin, or a coordinator of the project), else the first active admin. */
async function commandActor(projectId: string, email: string | undefined): Promise<string> {
  const { getDb } = await import('@/lib/db');
  const db = getDb();
  if (email) {
    const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, role: true, isActive: true, memberships: { where: { projectId }, select: { projectId: true } } } });
    if (!user || !user.isActive) throw new AppError('INVALID_INPUT', `--as: no active account ${email}`);
    if (user.role !== 'ADMIN' && !(user.role === 'COORDINATOR' && user.memberships.length > 0)) throw new AppError('INVALID_INPUT', `--as: ${email} is neither an admin nor a coordinator of this project`);
    return user.id;
  }
  const admin = await db.user.findFirst({ where: { role: 'ADMIN', isActive: true }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  if (!admin) throw new AppError('INVALID_INPUT', 'no active admin to record as locking the release: pass --as <coordinator email> or create one (npx primum user add --role admin ...)');
  return admin.id;
}
