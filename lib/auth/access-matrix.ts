import type { Role } from '@/lib/auth/roles';

/**
 * The authorization matrix: every page, route handler and server action of the app, with the roles
 * that may use it and the scope inside which it answers. `lib/auth/access-matrix.test.ts` fails when
 * a page, route or action has no entry here (or an entry names something gone), and checks each
 * action's roles against its `safeAction(ROLES, ...)` call; `e2e/authorization.spec.ts` requests
 * every page and route as signed-out, physician, adjudicator, coordinator and admin and checks each
 * answer against this table.
 *
 * Scopes:
 * - `none`: any signed-in user with an allowed role (or anyone, for `public`).
 * - `assignment`: a physician's own assigned cases only; anything else is "not found".
 * - `project`: projects the user is a member of (admins: all); outside them "not found".
 * - `people`: people the user may see (admins: all; coordinators: members of their projects, whom
 *   they invited, themselves); anyone else is "not found".
 * - `release`: releases of the projects the user may see; outside them "not found".
 * - `token`: the link's token is the credential (invitations, password resets).
 */
export type AccessScope = 'none' | 'assignment' | 'project' | 'people' | 'release' | 'token';

export const ALL_ROLES: readonly Role[] = ['ADMIN', 'COORDINATOR', 'ADJUDICATOR', 'PHYSICIAN'];

type Base = {
  /** Roles allowed, or 'public' (no sign-in needed). */
  roles: readonly Role[] | 'public';
  scope: AccessScope;
  /** What a person opening it may do, in a few words. */
  purpose: string;
  /**
   * Where the role check lives when it is not a `requirePageUser`/`requireProjectPage` call in the
   * page or its layouts, a `requireUser` call in the route, or the action's `safeAction` call.
   */
  enforcedBy?: string;
};

/** A page, by its URL pattern: `app/(group)/projects/[slug]/page.tsx` is `/projects/[slug]`. */
export type PageEntry = Base & { kind: 'page'; path: string };
/** A route handler method, by URL pattern and HTTP method. */
export type RouteEntry = Base & { kind: 'route'; path: string; method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' };
/** A server action, by the 'use server' module and its exported function. */
export type ActionEntry = Base & { kind: 'action'; module: string; name: string };
export type AccessEntry = PageEntry | RouteEntry | ActionEntry;

const COORDINATING: readonly Role[] = ['ADMIN', 'COORDINATOR'];
const REVIEWING: readonly Role[] = ['ADMIN', 'COORDINATOR', 'ADJUDICATOR'];
const RATING: readonly Role[] = ['PHYSICIAN'];

export const ACCESS_MATRIX: readonly AccessEntry[] = [
  // Pages
  { kind: 'page', path: '/', roles: 'public', scope: 'none', purpose: 'sends a signed-in user to their home, anyone else to sign-in' },
  { kind: 'page', path: '/login', roles: 'public', scope: 'none', purpose: 'sign in' },
  { kind: 'page', path: '/welcome/[token]', roles: 'public', scope: 'token', purpose: 'accept an invitation or set a new password' },
  { kind: 'page', path: '/refused', roles: ALL_ROLES, scope: 'none', purpose: 'says why a page was refused to this role' },
  { kind: 'page', path: '/rate', roles: RATING, scope: 'assignment', purpose: 'a physician\'s own cases' },
  { kind: 'page', path: '/rate/[caseId]', roles: RATING, scope: 'assignment', purpose: 'rate one of one\'s assigned cases' },
  { kind: 'page', path: '/judge/[reviewId]', roles: RATING, scope: 'assignment', purpose: 'judge one of one\'s assigned plans (blinded)' },
  { kind: 'page', path: '/projects', roles: REVIEWING, scope: 'project', purpose: 'the projects one is a member of' },
  { kind: 'page', path: '/projects/[slug]', roles: REVIEWING, scope: 'project', purpose: 'project overview and progress' },
  { kind: 'page', path: '/projects/[slug]/agreement', roles: REVIEWING, scope: 'project', purpose: 'agreement statistics' },
  { kind: 'page', path: '/projects/[slug]/cases/[caseId]', roles: REVIEWING, scope: 'project', purpose: 'one case\'s ratings and threads' },
  { kind: 'page', path: '/projects/[slug]/adjudication', roles: REVIEWING, scope: 'project', purpose: 'the adjudication queue' },
  { kind: 'page', path: '/projects/[slug]/adjudication/[optionId]', roles: REVIEWING, scope: 'project', purpose: 'adjudicate one option' },
  { kind: 'page', path: '/projects/[slug]/gold', roles: REVIEWING, scope: 'project', purpose: 'gold rule and releases' },
  { kind: 'page', path: '/projects/[slug]/releases', roles: COORDINATING, scope: 'project', purpose: 'create a release, list versions' },
  { kind: 'page', path: '/projects/[slug]/releases/[version]', roles: COORDINATING, scope: 'project', purpose: 'one release: summary, files, changes, public links' },
  { kind: 'page', path: '/projects/[slug]/evaluations', roles: COORDINATING, scope: 'project', purpose: 'upload models, score them against a release, list evaluations' },
  { kind: 'page', path: '/projects/[slug]/evaluations/[evaluationId]', roles: COORDINATING, scope: 'project', purpose: 'one evaluation\'s leaderboard' },
  { kind: 'page', path: '/projects/[slug]/evaluations/[evaluationId]/models/[modelId]', roles: COORDINATING, scope: 'project', purpose: 'a model\'s plans, verdicts and harms' },
  { kind: 'page', path: '/projects/[slug]/evaluations/review', roles: COORDINATING, scope: 'project', purpose: 'sample plans for physicians to judge; their agreement with the AI judge' },
  { kind: 'page', path: '/r/[token]', roles: 'public', scope: 'token', purpose: 'a release opened by a reviewer\'s public link' },
  { kind: 'page', path: '/projects/[slug]/people', roles: COORDINATING, scope: 'project', purpose: 'project members' },
  { kind: 'page', path: '/projects/[slug]/audit', roles: COORDINATING, scope: 'project', purpose: 'the project\'s audit trail' },
  { kind: 'page', path: '/people', roles: COORDINATING, scope: 'people', purpose: 'people and invitations' },
  { kind: 'page', path: '/people/[id]', roles: COORDINATING, scope: 'people', purpose: 'one person\'s profile' },
  { kind: 'page', path: '/audit', roles: ['ADMIN'], scope: 'none', purpose: 'the audit trail of all projects' },

  // Route handlers
  { kind: 'route', path: '/api/auth/[...nextauth]', method: 'GET', roles: 'public', scope: 'none', purpose: 'Auth.js: session, CSRF token, providers, the OpenID Connect callback' },
  { kind: 'route', path: '/api/auth/[...nextauth]', method: 'POST', roles: 'public', scope: 'none', purpose: 'Auth.js: sign-in and sign-out' },
  { kind: 'route', path: '/api/health', method: 'GET', roles: 'public', scope: 'none', purpose: 'app and database state for load balancers' },
  { kind: 'route', path: '/api/projects/[slug]/audit', method: 'GET', roles: COORDINATING, scope: 'project', purpose: 'audit export (CSV)' },
  { kind: 'route', path: '/api/projects/[slug]/events', method: 'GET', roles: REVIEWING, scope: 'project', purpose: 'live updates (server-sent events)' },
  { kind: 'route', path: '/api/ratings', method: 'POST', roles: RATING, scope: 'assignment', purpose: 'save a score on one\'s assigned case', enforcedBy: 'primum_save_rating (database function: a current session of an active physician assigned to the case)' },
  { kind: 'route', path: '/api/plan-verdicts', method: 'POST', roles: RATING, scope: 'assignment', purpose: 'save a verdict on an option of one\'s assigned plan (the judging screen\'s retry queue)' },
  { kind: 'route', path: '/api/releases/[id]/download', method: 'GET', roles: COORDINATING, scope: 'release', purpose: 'download a locked release' },
  { kind: 'route', path: '/api/releases/[id]/download', method: 'HEAD', roles: COORDINATING, scope: 'release', purpose: 'a download\'s headers, without making the archive' },
  { kind: 'route', path: '/api/evaluations/[id]/report', method: 'GET', roles: COORDINATING, scope: 'project', purpose: 'download an evaluation\'s leaderboards (CSV or JSON)' },
  { kind: 'route', path: '/api/r/[token]/download', method: 'GET', roles: 'public', scope: 'token', purpose: 'download a release through a public link' },
  { kind: 'route', path: '/api/r/[token]/download', method: 'HEAD', roles: 'public', scope: 'token', purpose: 'a public download\'s headers, without making the archive' },

  // Server actions (cannot be requested from outside Next: the unit test checks them against their source)
  { kind: 'action', module: 'lib/auth/actions.ts', name: 'login', roles: 'public', scope: 'none', purpose: 'sign in (throttled)' },
  { kind: 'action', module: 'lib/auth/actions.ts', name: 'loginWithOidc', roles: 'public', scope: 'none', purpose: 'start a sign-in through the OpenID Connect provider (only when configured)' },
  { kind: 'action', module: 'lib/auth/actions.ts', name: 'logout', roles: 'public', scope: 'none', purpose: 'sign out, ending the session on the server' },
  { kind: 'action', module: 'lib/invitations/actions.ts', name: 'acceptInvitationAction', roles: 'public', scope: 'token', purpose: 'accept an invitation or reset link' },
  { kind: 'action', module: 'lib/invitations/actions.ts', name: 'inviteAction', roles: COORDINATING, scope: 'people', purpose: 'invite someone' },
  { kind: 'action', module: 'lib/invitations/actions.ts', name: 'resetLinkAction', roles: COORDINATING, scope: 'people', purpose: 'issue a password reset link' },
  { kind: 'action', module: 'lib/invitations/actions.ts', name: 'revokeInvitationAction', roles: COORDINATING, scope: 'people', purpose: 'withdraw an invitation' },
  { kind: 'action', module: 'lib/people/actions.ts', name: 'setRoleAction', roles: COORDINATING, scope: 'people', purpose: 'change role and specialties' },
  { kind: 'action', module: 'lib/people/actions.ts', name: 'setActiveAction', roles: COORDINATING, scope: 'people', purpose: 'deactivate or reactivate' },
  { kind: 'action', module: 'lib/people/actions.ts', name: 'addMemberAction', roles: COORDINATING, scope: 'project', purpose: 'add a project member' },
  { kind: 'action', module: 'lib/people/actions.ts', name: 'removeMemberAction', roles: COORDINATING, scope: 'project', purpose: 'remove a project member' },
  { kind: 'action', module: 'lib/projects/actions.ts', name: 'createProjectAction', roles: COORDINATING, scope: 'none', purpose: 'create a project' },
  { kind: 'action', module: 'lib/projects/actions.ts', name: 'raterSettingsAction', roles: COORDINATING, scope: 'project', purpose: 'project settings' },
  { kind: 'action', module: 'lib/import/actions.ts', name: 'uploadRubrics', roles: COORDINATING, scope: 'project', purpose: 'import rubric files' },
  { kind: 'action', module: 'lib/progress/actions.ts', name: 'reassignAction', roles: COORDINATING, scope: 'project', purpose: 'take back a stalled assignment' },
  { kind: 'action', module: 'lib/releases/actions.ts', name: 'lockReleaseAction', roles: COORDINATING, scope: 'project', purpose: 'lock a release' },
  { kind: 'action', module: 'lib/releases/actions.ts', name: 'createLinkAction', roles: COORDINATING, scope: 'release', purpose: 'create a public link to a release' },
  { kind: 'action', module: 'lib/releases/actions.ts', name: 'revokeLinkAction', roles: COORDINATING, scope: 'release', purpose: 'revoke a public link' },
  { kind: 'action', module: 'lib/evaluations/actions.ts', name: 'uploadModelAction', roles: COORDINATING, scope: 'project', purpose: 'upload a model\'s judged records' },
  { kind: 'action', module: 'lib/evaluations/actions.ts', name: 'deleteModelAction', roles: COORDINATING, scope: 'project', purpose: 'delete a model no evaluation scored' },
  { kind: 'action', module: 'lib/evaluations/actions.ts', name: 'createEvaluationAction', roles: COORDINATING, scope: 'project', purpose: 'score models against a locked release' },
  { kind: 'action', module: 'lib/plan-review/actions.ts', name: 'samplePlansAction', roles: COORDINATING, scope: 'project', purpose: 'sample judged plans for review by physicians' },
  { kind: 'action', module: 'lib/plan-review/actions.ts', name: 'submitReviewAction', roles: RATING, scope: 'assignment', purpose: 'submit one\'s judged plan' },
  { kind: 'action', module: 'lib/adjudication/actions.ts', name: 'saveAdjudication', roles: REVIEWING, scope: 'project', purpose: 'record an adjudication' },
  { kind: 'action', module: 'lib/adjudication/actions.ts', name: 'saveGoldRule', roles: COORDINATING, scope: 'project', purpose: 'change the gold rule' },
  { kind: 'action', module: 'lib/threads/actions.ts', name: 'replyInThread', roles: REVIEWING, scope: 'project', purpose: 'answer a rater in an option\'s thread' },
  { kind: 'action', module: 'lib/ratings/actions.ts', name: 'toggleFlag', roles: RATING, scope: 'assignment', purpose: 'flag an option' },
  { kind: 'action', module: 'lib/ratings/actions.ts', name: 'saveComment', roles: RATING, scope: 'assignment', purpose: 'comment on an option' },
  { kind: 'action', module: 'lib/ratings/actions.ts', name: 'submitCaseAction', roles: RATING, scope: 'assignment', purpose: 'submit a rated case' },
  { kind: 'action', module: 'lib/ratings/actions.ts', name: 'declineCaseAction', roles: RATING, scope: 'assignment', purpose: 'decline a case' },
];

/** Whether `role` (null: signed out) may use the entry at all, before scope. */
export function roleAllowed(entry: AccessEntry, role: Role | null): boolean {
  if (entry.roles === 'public') return true;
  return role !== null && entry.roles.includes(role);
}

/** The area a set of page roles belongs to, for the refused page's sentence. */
export type PageArea = 'coordinators' | 'reviewers' | 'admins' | 'physicians' | 'other';

export function pageAreaOf(roles: readonly Role[]): PageArea {
  const set = new Set(roles);
  const same = (other: readonly Role[]) => other.length === set.size && other.every((r) => set.has(r));
  if (same(RATING)) return 'physicians';
  if (same(REVIEWING)) return 'reviewers';
  if (same(COORDINATING)) return 'coordinators';
  if (same(['ADMIN'])) return 'admins';
  return 'other';
}
