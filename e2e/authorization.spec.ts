import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ACCESS_MATRIX, roleAllowed, type AccessEntry, type PageEntry, type RouteEntry } from '@/lib/auth/access-matrix';
import type { Role } from '@/lib/auth/roles';
import { noharmFile } from '@/test/noharm';
import { closeDb, joinProject, seedCases, seedRatings, seedUser, signedInPage, type TestUser } from './fixtures';

/**
 * Walks lib/auth/access-matrix.ts: every page and route handler, requested as signed-out,
 * physician, adjudicator, coordinator and admin, with concrete parameters inside the coordinator's
 * and adjudicator's project (and the physician's assignment), and again with parameters outside it.
 * Each answer must be what the table says: allowed; refused (sign-in for the signed-out, the refused
 * page or 401/403/404 for a wrong role); or "not found" (404) outside the scope. Server actions cannot
 * be requested from outside Next: lib/auth/access-matrix.test.ts checks them against their source.
 */

const RUN = Date.now().toString(36);
const SLUG = `e2e-authz-${RUN}`;
const OTHER = `e2e-authz-other-${RUN}`;

type Actor = 'SIGNED_OUT' | Role;
const ACTORS: Actor[] = ['SIGNED_OUT', 'PHYSICIAN', 'ADJUDICATOR', 'COORDINATOR', 'ADMIN'];

/** Values for each URL parameter: inside the actor's scope, and outside it. */
type Params = {
  slug: string; projectCase: string; rateCase: string; optionId: string; personId: string; releaseId: string; token: string; releaseToken: string;
  evaluationId: string; modelId: string; reviewId: string; reviewOption: number;
};
let inside: Params;
let outside: Params;
let users: Record<Role, TestUser>;

function fill(pattern: string, p: Params): string {
  return pattern
    .replace('[slug]', p.slug)
    .replace('/projects/' + p.slug + '/cases/[caseId]', `/projects/${p.slug}/cases/${p.projectCase}`)
    .replace('/rate/[caseId]', `/rate/${p.rateCase}`)
    .replace('/judge/[reviewId]', `/judge/${p.reviewId}`)
    .replace('/api/evaluations/[id]/report', `/api/evaluations/${p.evaluationId}/report`)
    .replace('[evaluationId]', p.evaluationId)
    .replace('[modelId]', p.modelId)
    .replace('[optionId]', p.optionId)
    .replace('/people/[id]', `/people/${p.personId}`)
    .replace('/releases/[id]', `/releases/${p.releaseId}`)
    .replace('/releases/[version]', '/releases/1')
    .replace('/r/[token]', `/r/${p.releaseToken}`)
    .replace('[token]', p.token)
    .replace('[...nextauth]', 'session');
}

/** A model's judged records (nothing matched) and plan texts for open NOHARM cases, as uploads take them. */
function judgedFiles(name: string, caseIds: string[]) {
  const ids = (caseId: string) => (JSON.parse(noharmFile(caseId).content) as { options: Array<{ id: number }> }).options.map((o) => o.id);
  const judged = caseIds.map((id) => JSON.stringify({ id, trial: 0, options: ids(id).map((o) => ({ id: o, matched: false, partial: false })), responseActions: [], response_len: 100 }));
  const responses = caseIds.map((id) => JSON.stringify({ id, trial: 0, response: `A plan for ${id}.` }));
  return { name, judged: { name: `${name}_judged.jsonl`, text: judged.join('\n') }, responses: { name: `${name}.jsonl`, text: responses.join('\n') } };
}

/** Entries whose answer depends on the parameters (and so are also requested outside the scope). */
const scoped = (e: AccessEntry) => e.kind !== 'action' && e.path.includes('[') && (e.scope === 'project' || e.scope === 'people' || e.scope === 'release' || e.scope === 'assignment');
/** Admins see every project, person and release; a physician's assignment scope holds for everyone. */
const inScopeOutside = (e: AccessEntry, actor: Actor) => actor === 'ADMIN' && e.scope !== 'assignment';

test.describe('authorization matrix', () => {
  test.beforeAll(async () => {
    const physicians = [await seedUser('PHYSICIAN', ['Derm'], 'authz-phys'), await seedUser('PHYSICIAN', ['Derm'], 'authz-phys'), await seedUser('PHYSICIAN', ['Derm'], 'authz-phys')];
    const pulm = [await seedUser('PHYSICIAN', ['Pulm'], 'authz-pulm'), await seedUser('PHYSICIAN', ['Pulm'], 'authz-pulm'), await seedUser('PHYSICIAN', ['Pulm'], 'authz-pulm')];
    users = { PHYSICIAN: physicians[0], ADJUDICATOR: await seedUser('ADJUDICATOR', [], 'authz-adj'), COORDINATOR: await seedUser('COORDINATOR', [], 'authz-coord'), ADMIN: await seedUser('ADMIN', [], 'authz-admin') };
    await seedCases(SLUG, ['Derm001', 'Derm009']);
    await seedCases(OTHER, ['Pulm001']);
    await joinProject(SLUG, users.ADJUDICATOR, users.COORDINATOR);
    for (const p of physicians) await seedRatings(p, SLUG, 'Derm001', () => 1);
    for (const p of pulm) await seedRatings(p, OTHER, 'Pulm001', () => 1);

    const { getDb } = await import('@/lib/db');
    const { lockRelease } = await import('@/lib/releases/service');
    const { createInvitation } = await import('@/lib/invitations/service');
    const { createReleaseLink } = await import('@/lib/releases/links');
    const { createEvaluation, uploadModel } = await import('@/lib/evaluations/service');
    const { sampleForReview } = await import('@/lib/plan-review/service');
    const db = getDb();
    const admin = await db.user.findUniqueOrThrow({ where: { email: users.ADMIN.email }, select: { id: true, role: true, name: true, email: true, isSimulated: true } });
    const idOf = async (u: TestUser) => (await db.user.findUniqueOrThrow({ where: { email: u.email }, select: { id: true } })).id;
    const project = async (slug: string) => db.project.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    const caseOf = async (slug: string, externalId: string) => db.case.findFirstOrThrow({ where: { externalId, project: { slug } }, select: { id: true, options: { select: { id: true }, orderBy: { position: 'asc' }, take: 1 } } });
    const release = await lockRelease({ actorId: admin.id, projectId: (await project(SLUG)).id });
    const otherRelease = await lockRelease({ actorId: admin.id, projectId: (await project(OTHER)).id });
    expect(release.cases).toEqual(['Derm001']);
    const open = await caseOf(SLUG, 'Derm009');
    const pulmCase = await caseOf(OTHER, 'Pulm001');
    const invitation = await createInvitation({ actor: admin, input: { email: `authz-invitee-${RUN}@e2e.primum.invalid`, role: 'PHYSICIAN', specialties: ['Derm'] } });
    // A reviewer's public link: the token is the credential, so it opens the release for everyone.
    const { token: releaseToken } = await createReleaseLink(admin, release.releaseId);
    // A model with judged plans in each project, an evaluation against its release, and one plan sampled for all three physicians.
    const evaluated = async (slug: string, caseIds: string[], releaseId: string) => {
      const projectId = (await project(slug)).id;
      const { modelId } = await uploadModel(admin, projectId, judgedFiles(`authz-model-${slug}`, caseIds));
      const { id: evaluationId } = await createEvaluation(admin, projectId, { releaseId, modelIds: [modelId], bootstrap: 100, seed: 0 });
      const sampled = await sampleForReview(admin, { projectId, perModel: 1, k: 3, seed: 0, modelIds: [modelId] });
      expect(sampled.reviews).toBe(1);
      const review = await db.planReview.findFirstOrThrow({ where: { projectId }, select: { id: true, case: { select: { options: { select: { number: true }, orderBy: { position: 'asc' }, take: 1 } } } } });
      return { evaluationId, modelId, reviewId: review.id, reviewOption: review.case.options[0].number };
    };
    const here = await evaluated(SLUG, ['Derm001', 'Derm009'], release.releaseId);
    const there = await evaluated(OTHER, ['Pulm001'], otherRelease.releaseId);
    expect(await db.planReviewAssignment.count({ where: { reviewId: here.reviewId, user: { email: users.PHYSICIAN.email } } })).toBe(1);
    inside = { slug: SLUG, projectCase: 'Derm009', rateCase: open.id, optionId: open.options[0].id, personId: await idOf(physicians[0]), releaseId: release.releaseId, token: invitation.token, releaseToken, ...here };
    outside = { slug: OTHER, projectCase: 'Pulm001', rateCase: pulmCase.id, optionId: pulmCase.options[0].id, personId: await idOf(pulm[0]), releaseId: otherRelease.releaseId, token: invitation.token, releaseToken, ...there };
    await closeDb();
  });

  async function pageFor(browser: Browser, actor: Actor): Promise<Page> {
    if (actor === 'SIGNED_OUT') {
      const page = await (await browser.newContext()).newPage();
      await page.goto('/login');
      return page;
    }
    return signedInPage(browser, users[actor]);
  }

  /** The outcome of one request: allowed, refused (with how) or not found. */
  async function requestPage(page: Page, url: string): Promise<{ status: number; finalUrl: string }> {
    const response = await page.goto(url);
    return { status: response?.status() ?? 0, finalUrl: page.url() };
  }

  async function requestRoute(page: Page, entry: RouteEntry, url: string, p: Params): Promise<number> {
    if (entry.method === 'GET') {
      // Read only the status: a live-update stream never ends.
      return page.evaluate(async (target) => {
        const controller = new AbortController();
        const response = await fetch(target, { signal: controller.signal, redirect: 'manual' });
        controller.abort();
        return response.status;
      }, url);
    }
    if (entry.method === 'HEAD') return (await page.request.head(url, { maxRedirects: 0 })).status();
    const body = entry.path === '/api/ratings'
      ? { clientId: randomUUID(), optionId: p.optionId, score: 2, givenAt: Date.now(), activeMs: 0 }
      : entry.path === '/api/plan-verdicts'
        ? { reviewId: p.reviewId, optionId: p.reviewOption, verdict: 'partial', givenAt: Date.now() }
        : {};
    const response = await page.request.post(url, { data: body, maxRedirects: 0 });
    return response.status();
  }

  async function checkPage(page: Page, actor: Actor, entry: PageEntry, p: Params, expectInScope: boolean) {
    const url = fill(entry.path, p);
    const label = `${actor} ${url} (${entry.path})`;
    const { status, finalUrl } = await requestPage(page, url);
    const path = new URL(finalUrl).pathname;
    if (!roleAllowed(entry, actor === 'SIGNED_OUT' ? null : actor)) {
      if (actor === 'SIGNED_OUT') {
        expect(path, `${label}: signed out goes to sign-in`).toBe('/login');
      } else {
        expect(path, `${label}: a wrong role gets the refused page`).toBe('/refused');
        await expect(page.getByTestId('refused-reason'), label).toContainText(`your role (${actor.toLowerCase()}) does not open`);
      }
      return;
    }
    if (!expectInScope) {
      expect(status, `${label}: outside the scope is "not found"`).toBe(404);
      return;
    }
    expect(status, `${label}: allowed`).toBe(200);
    if (entry.roles !== 'public') expect(path, `${label}: allowed, not sent away`).toBe(new URL(url, finalUrl).pathname);
  }

  async function checkRoute(page: Page, actor: Actor, entry: RouteEntry, p: Params, expectInScope: boolean) {
    const url = fill(entry.path, p);
    const label = `${actor} ${entry.method} ${url} (${entry.path})`;
    const status = await requestRoute(page, entry, url, p);
    if (!roleAllowed(entry, actor === 'SIGNED_OUT' ? null : actor)) {
      if (actor === 'SIGNED_OUT') expect(status, `${label}: signed out`).toBe(401);
      // /api/ratings checks in its one database call that the session's user is an active physician, and answers
      // any other signed-in user as it answers a stale session: 401 "Please sign in again".
      else expect(entry.enforcedBy ? [401, 403, 404] : [403, 404], `${label}: a wrong role is refused`).toContain(status);
      return;
    }
    if (!expectInScope) {
      expect(status, `${label}: outside the scope is "not found"`).toBe(404);
      return;
    }
    expect(status, `${label}: allowed`).toBeGreaterThanOrEqual(200);
    expect(status, `${label}: allowed`).toBeLessThan(entry.roles === 'public' ? 500 : 300);
    expect([401, 403, 404], `${label}: allowed`).not.toContain(status);
  }

  for (const actor of ACTORS) {
    test(`[${actor}] every page and route handler answers as the matrix says, inside and outside the scope`, async ({ browser }) => {
      const page = await pageFor(browser, actor);
      let checked = 0;
      for (const entry of ACCESS_MATRIX) {
        if (entry.kind === 'action') continue;
        // Auth.js's POST (sign-in, sign-out) is the sign-in flow itself, exercised by signing in above and in session.spec.ts.
        if (entry.kind === 'route' && entry.path === '/api/auth/[...nextauth]' && entry.method === 'POST') continue;
        const run = (p: Params, inScope: boolean) => (entry.kind === 'page' ? checkPage(page, actor, entry, p, inScope) : checkRoute(page, actor, entry, p, inScope));
        await run(inside, true);
        checked += 1;
        if (scoped(entry) && roleAllowed(entry, actor === 'SIGNED_OUT' ? null : actor)) await run(outside, inScopeOutside(entry, actor));
      }
      expect(checked).toBe(ACCESS_MATRIX.filter((e) => e.kind !== 'action').length - 1);
      await page.context().close();
    });
  }

  test('[COORDINATOR] not-found pages answer 404 and say what was not found', async ({ browser }) => {
    const page = await signedInPage(browser, users.COORDINATOR);
    const cases: Array<[string, string]> = [
      [`/projects/${SLUG}/cases/NoSuch001`, 'No such case'],
      [`/projects/${SLUG}/adjudication/no-such-option`, 'No such option'],
      [`/projects/no-such-project-${RUN}`, 'No such project'],
      [`/projects/no-such-project-${RUN}/cases/Derm009`, 'No such project'],
      [`/projects/${OTHER}/cases/Pulm001`, 'No such project'],
      [`/projects/${SLUG}/evaluations/no-such-evaluation`, 'No such evaluation'],
      [`/projects/${SLUG}/evaluations/${inside.evaluationId}/models/no-such-model`, 'No such model in this evaluation'],
      [`/projects/${SLUG}/evaluations/no-such-evaluation/models/${inside.modelId}`, 'No such evaluation'],
      [`/projects/${OTHER}/evaluations/${outside.evaluationId}`, 'No such project'],
      ['/people/no-such-person', 'No such person'],
      [`/no/such/page/${RUN}`, 'No such page'],
    ];
    for (const [url, heading] of cases) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: heading, exact: true }), url).toBeVisible();
    }
    await page.context().close();
  });

  test('[PHYSICIAN] a case not assigned to them answers 404 "No such case"; an unknown URL the root not-found page', async ({ browser }) => {
    const page = await signedInPage(browser, users.PHYSICIAN);
    for (const url of ['/rate/no-such-case', `/rate/${outside.rateCase}`]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'No such case', exact: true }), url).toBeVisible();
    }
    const response = await page.goto(`/nothing-here-${RUN}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'No such page' })).toBeVisible();
    await page.context().close();
  });

  test('[ADJUDICATOR] a coordinators-only page says why and links home', async ({ browser }) => {
    const page = await signedInPage(browser, users.ADJUDICATOR);
    await page.goto(`/projects/${SLUG}/audit`);
    await expect(page).toHaveURL(/\/refused\?for=ADMIN%2CCOORDINATOR$/);
    await expect(page.getByTestId('refused-reason')).toHaveText("Coordinators' pages: your role (adjudicator) does not open them.");
    await page.getByRole('link', { name: 'Go to projects' }).click();
    await expect(page).toHaveURL(/\/projects$/);
    await page.context().close();
  });
});
