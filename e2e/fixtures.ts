import { expect, test, type Browser, type Page } from '@playwright/test';
import { createUser } from '@/lib/users/service';
import { disconnectDb } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';

export const PASSWORD = 'e2e-password-123';

export type TestUser = { email: string; name: string };

let seedingFile: string | null = null;

/**
 * Spec files share one database, and cases go to any active physician of their specialty: so that
 * one file's physicians never take another file's cases, the physicians earlier files seeded are
 * retired (made inactive) when a new file seeds its first user.
 */
async function retireEarlierFilesPhysicians(): Promise<void> {
  const file = test.info().file;
  if (file === seedingFile) return;
  seedingFile = file;
  const { getDb } = await import('@/lib/db');
  await getDb().user.updateMany({ where: { role: 'PHYSICIAN', isActive: true, email: { endsWith: '@e2e.primum.invalid' } }, data: { isActive: false } });
}

/** Seed a user straight into the e2e database; the test then signs in through the real login. */
export async function seedUser(role: Role, specialties: string[] = [], label = role.toLowerCase()): Promise<TestUser> {
  await retireEarlierFilesPhysicians();
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@e2e.primum.invalid`;
  const name = `E2E ${label}`;
  await createUser({ actorId: null, input: { email, name, role, password: PASSWORD, specialties } });
  return { email, name };
}

export async function closeDb(): Promise<void> {
  await disconnectDb();
}

export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(user.name);
}

export async function signedInPage(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** Give option `number` of the open case a score and wait until the server confirms it. */
export async function rateOption(page: Page, number: number, score: number): Promise<void> {
  const option = page.getByTestId(`option-${number}`);
  await option.getByRole('radio').nth(score - 1).click();
  await expect(page.getByTestId(`option-${number}-status`)).toContainText(`Saved: ${score}`);
}

/** Import real open NOHARM cases into a project, as the CLI would (no actor). */
export async function seedCases(slug: string, caseIds: string[]): Promise<void> {
  const { importRubrics } = await import('@/lib/import/service');
  const { noharmFile } = await import('@/test/noharm');
  await importRubrics({ actorId: null, project: { slug }, files: caseIds.map(noharmFile) });
}

/** Make users members of a project (coordinators and adjudicators see only their projects). */
export async function joinProject(slug: string, ...users: TestUser[]): Promise<void> {
  const { getDb } = await import('@/lib/db');
  const { addProjectMember } = await import('@/lib/projects/membership');
  const db = getDb();
  const project = await db.project.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  for (const user of users) {
    const { id } = await db.user.findUniqueOrThrow({ where: { email: user.email }, select: { id: true } });
    await db.$transaction((tx) => addProjectMember(tx, { projectId: project.id, userId: id, actorId: null }));
  }
}

/** Rate every option of a case as `user`, through the same data layer the app uses. */
export async function seedRatings(user: TestUser, slug: string, caseId: string, scoreOf: (index: number) => number): Promise<number> {
  const { getDb } = await import('@/lib/db');
  const { submitRating } = await import('@/lib/ratings/service');
  const session = await getDb().user.findUniqueOrThrow({ where: { email: user.email }, select: { id: true, email: true, name: true, role: true, isSimulated: true } });
  const options = await getDb().option.findMany({ where: { case: { externalId: caseId, project: { slug } } }, orderBy: { position: 'asc' }, select: { id: true } });
  for (const [index, option] of options.entries()) await submitRating({ user: session, optionId: option.id, score: scoreOf(index) });
  return options.length;
}

/**
 * Everything the server sends a page (HTML, RSC payloads, action answers, API answers; static code,
 * the same for everyone, left out), for blinding tests. `settled()` waits for the bodies still being read.
 */
export function captureResponses(page: Page, baseURL: string): { captured: Array<{ url: string; body: string }>; settled(): Promise<void> } {
  const captured: Array<{ url: string; body: string }> = [];
  const pending: Array<Promise<void>> = [];
  page.on('response', (response) => {
    const url = response.url();
    if (!url.startsWith(baseURL) || url.includes('/_next/static/')) return;
    pending.push(response.text().then((body) => void captured.push({ url, body }), () => undefined));
  });
  return { captured, settled: async () => void (await Promise.all(pending)) };
}
