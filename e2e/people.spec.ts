import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { closeDb, joinProject, rateOption, seedCases, seedUser, signedInPage, type TestUser } from './fixtures';
import { NOHARM_RUBRICS_DIR } from '@/test/noharm';

// Gastroenterology: no other spec seeds GI physicians, so the case surely waits for a third rater.
const CASE = 'GI002';
const SLUG = `e2e-people-${Date.now().toString(36)}`;
const firstOption = (JSON.parse(readFileSync(path.join(NOHARM_RUBRICS_DIR, `${CASE}.json`), 'utf8')).options as Array<{ id: number }>)[0].id;

test.describe('people: invitations', () => {
  let coordinator: TestUser;
  let gastro: TestUser;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR', [], 'people-coordinator');
    gastro = await seedUser('PHYSICIAN', ['GI'], 'gi-1');
    await seedUser('PHYSICIAN', ['GI'], 'gi-2');
    await seedCases(SLUG, [CASE]);
    await joinProject(SLUG, coordinator);
    const { getDb } = await import('@/lib/db');
    const waiting = await getDb().assignment.count({ where: { case: { externalId: CASE, project: { slug: SLUG } }, status: { not: 'DECLINED' } } });
    expect(waiting, `${CASE} should wait for a third physician`).toBe(2);
    await closeDb();
  });

  test('[COORDINATOR] invites a gastroenterologist into the project; [INVITEE] signs up through the link, sees the case and rates; the link then says it was used', async ({ browser }) => {
    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${SLUG}/people`);
    await expect(desk.getByRole('heading', { name: /^People in / })).toBeVisible();
    await desk.getByRole('link', { name: 'Invite to this project' }).click();
    await expect(desk.getByRole('heading', { name: 'People', exact: true })).toBeVisible();

    const email = `invitee-${Date.now().toString(36)}@e2e.primum.invalid`;
    const form = desk.getByRole('region', { name: 'Invite someone' });
    await form.getByLabel('Email', { exact: true }).fill(email);
    await expect(form.getByLabel('Role', { exact: true })).toHaveValue('PHYSICIAN');
    await form.getByLabel(/Gastroenterology/).check();
    await expect(form.getByLabel(/Project to join/)).not.toHaveValue('');
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    await expect(desk.getByTestId('invite-message')).toContainText(`Invitation for ${email} created.`);
    const link = await desk.getByTestId('issued-link').inputValue();
    expect(link).toMatch(/\/welcome\/[A-Za-z0-9_-]{43}$/);
    await expect(desk.getByTestId(`invitation-${email}`)).toContainText('pending');

    // A fresh browser, no session: the invitee opens the link.
    const invitee = await (await browser.newContext()).newPage();
    await invitee.goto(link);
    await expect(invitee.getByTestId('welcome-intro')).toContainText(coordinator.name);
    await expect(invitee.getByTestId('welcome-intro')).toContainText('physician');
    await invitee.getByLabel(/Your name/).fill('Dr Invited Gastro');
    await invitee.getByLabel(/^Password/).fill('invitee-password-42');
    await invitee.getByLabel('Repeat the password').fill('invitee-password-24');
    await invitee.getByRole('button', { name: 'Create my account' }).click();
    await expect(invitee.getByTestId('welcome-message')).toContainText('Please correct the highlighted field.');
    await expect(invitee.locator('#welcome-confirm-error')).toHaveText('The two passwords do not match.');
    await expect(invitee.getByLabel(/Your name/)).toHaveValue('Dr Invited Gastro');
    await invitee.getByLabel(/^Password/).fill('invitee-password-42');
    await invitee.getByLabel('Repeat the password').fill('invitee-password-42');
    await invitee.getByRole('button', { name: 'Create my account' }).click();

    // Signed in at once, with the waiting case assigned.
    await expect(invitee.getByTestId('signed-in-as')).toContainText('Dr Invited Gastro');
    await invitee.getByRole('link', { name: new RegExp(`(Start|Continue) ${CASE}$`) }).click();
    await expect(invitee.getByRole('heading', { name: `Case ${CASE}` })).toBeVisible();
    await rateOption(invitee, firstOption, 7);

    // The same link again, in another fresh browser: refused, nothing to fill in.
    const again = await (await browser.newContext()).newPage();
    await again.goto(link);
    await expect(again.getByTestId('welcome-refused')).toContainText('This link was already used.');
    await expect(again.getByRole('button', { name: 'Create my account' })).toHaveCount(0);

    // The coordinator sees the invitation used and the new member of the project.
    await desk.goto('/people');
    await expect(desk.getByTestId(`invitation-${email}`)).toContainText('used');
    await desk.goto(`/projects/${SLUG}/people`);
    await expect(desk.getByTestId(`member-${email}`)).toContainText('Dr Invited Gastro');
    await expect(desk.getByTestId(`member-${email}`)).toContainText('GI');
  });

  test('[COORDINATOR] issues a reset link from the person page: the new password ends the old session; deactivation stops the new one; another coordinator gets "not found"', async ({ browser }) => {
    const { PASSWORD } = await import('./fixtures');
    const before = await signedInPage(browser, gastro);
    const desk = await signedInPage(browser, coordinator);
    await desk.goto('/people?specialty=GI');
    await desk.getByRole('link', { name: gastro.name, exact: true }).click();
    await expect(desk.getByTestId('person-name')).toHaveText(gastro.name);
    const personUrl = desk.url();
    await expect(desk.getByRole('region', { name: 'Assignments' })).toContainText(CASE);
    // A coordinator moves a physician between physician and adjudicator only: promotions are an admin's.
    await expect(desk.locator('#person-role option')).toHaveText(['Physician', 'Adjudicator']);
    await desk.getByRole('button', { name: 'Create password-reset link' }).click();
    const link = await desk.getByTestId('issued-link').inputValue();
    expect(link).toMatch(/\/welcome\/[A-Za-z0-9_-]{43}$/);

    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(link);
    await expect(fresh.getByTestId('welcome-intro')).toContainText('to set a new password');
    await expect(fresh.getByLabel(/Your name/)).toHaveCount(0);
    await fresh.getByLabel(/^New password/).fill('a-new-gastro-password');
    await fresh.getByLabel('Repeat the password').fill('a-new-gastro-password');
    await fresh.getByRole('button', { name: 'Set my new password' }).click();
    await expect(fresh.getByTestId('signed-in-as')).toContainText(gastro.name);

    // The session opened with the old password ended with the reset.
    await before.goto('/rate');
    await expect(before).toHaveURL(/\/login/);
    await before.getByLabel('Email').fill(gastro.email);
    await before.getByLabel('Password').fill(PASSWORD);
    await before.getByRole('button', { name: 'Sign in' }).click();
    await expect(before.getByText('Wrong email or password.')).toBeVisible();

    // Deactivation: the open case goes back to the pool, the new session stops at its next request.
    await desk.goto(personUrl);
    desk.once('dialog', (dialog) => void dialog.accept());
    await desk.getByRole('button', { name: 'Deactivate' }).click();
    await expect(desk.getByTestId('person-active-message')).toContainText('Deactivated: signed out everywhere; 1 open assignment given back');
    await desk.reload();
    await expect(desk.getByRole('region', { name: 'Assignments' })).toContainText('withdrawn: account deactivated');
    await fresh.goto('/rate');
    await expect(fresh).toHaveURL(/\/login/);

    const outsiderUser = await seedUser('COORDINATOR', [], 'people-outsider');
    await closeDb();
    const outsider = await signedInPage(browser, outsiderUser);
    for (const path of [new URL(personUrl).pathname, `/projects/${SLUG}/people`]) {
      const response = await outsider.goto(path);
      expect(response?.status(), path).toBe(404);
    }
    await outsider.goto('/people');
    await expect(outsider.getByRole('link', { name: gastro.name, exact: true })).toHaveCount(0);
  });
});
