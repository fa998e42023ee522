import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { submitRating } from '@/lib/ratings/save';
import { updateProjectSettings } from '@/lib/projects/settings';
import { addProjectMember } from '@/lib/projects/membership';
import { listAuditActors, listProjectAuditLog, listAllAuditLog, UNKNOWN_ACTOR } from '@/lib/audit-log/service';
import { auditCsvChunks } from '@/lib/audit-log/export';
import { createUser, setUserActive } from '@/lib/users/service';
import { issuePasswordReset, revokeInvitation } from '@/lib/invitations/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const chunk of gen) out += chunk;
  return out;
}

describe('audit log (real PostgreSQL)', () => {
  let coordinator: SessionUser;
  let stranger: SessionUser;
  let admin: SessionUser;
  let raters: SessionUser[];
  let projectId: string;
  let otherProjectId: string;
  let options: Awaited<ReturnType<typeof optionsOf>>;

  beforeAll(async () => {
    raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Derm'])];
    coordinator = await makeUser('COORDINATOR');
    stranger = await makeUser('COORDINATOR');
    admin = await makeUser('ADMIN');
    await importNoharm('audit-a', ['Card001'], coordinator.id);
    await importNoharm('audit-b', ['Derm001'], stranger.id);
    const db = getDb();
    projectId = (await db.project.findUniqueOrThrow({ where: { slug: 'audit-a' } })).id;
    otherProjectId = (await db.project.findUniqueOrThrow({ where: { slug: 'audit-b' } })).id;
    await db.$transaction((tx) => addProjectMember(tx, { projectId, userId: coordinator.id, actorId: null }));
    await db.$transaction((tx) => addProjectMember(tx, { projectId: otherProjectId, userId: stranger.id, actorId: null }));
    options = await optionsOf('Card001', 'audit-a');
    await submitRating({ user: raters[0], optionId: options[0].id, score: 4 });
    await submitRating({ user: raters[0], optionId: options[0].id, score: 6 });
    await updateProjectSettings({ actorId: coordinator.id, projectId, patch: { stalledAfterDays: 3 } });
    const derm = await optionsOf('Derm001', 'audit-b');
    await submitRating({ user: raters[3], optionId: derm[0].id, score: 2 });
  });

  it('lists the project\'s rating changes (old -> new) and events, newest first, and never another project\'s rows', async () => {
    const page = await listProjectAuditLog({ user: coordinator, projectId, filter: {} });
    const ratingRows = page.rows.filter((r) => r.entityType === 'rating');
    expect(ratingRows.map((r) => [r.action, r.old, r.new, r.actorId])).toEqual([
      ['rating.change', 4, 6, raters[0].id],
      ['rating.create', null, 4, raters[0].id],
    ]);
    expect(ratingRows[0].subject).toMatch(/^Card001 option 1, rating of /);
    const settings = page.rows.find((r) => r.action === 'project.settings');
    expect(settings).toMatchObject({ actorId: coordinator.id, old: { stalledAfterDays: 7 }, new: { stalledAfterDays: 3 }, subject: 'project audit-a', actor: coordinator.name });
    expect(page.rows.some((r) => r.action === 'cases.import')).toBe(true);
    const sorted = [...page.rows].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
    expect(page.rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    // Nothing from the other project, whose physician rated Derm001.
    expect(JSON.stringify(page.rows)).not.toContain('Derm001');
    expect(page.rows.every((r) => r.actorId !== stranger.id)).toBe(true);
    const other = await listProjectAuditLog({ user: stranger, projectId: otherProjectId, filter: { action: 'rating' } });
    expect(other.rows).toHaveLength(1);
    expect(other.rows[0].subject).toMatch(/^Derm001/);
  });

  it('pages by (at, id) with older/newer cursors, without gaps or repeats', async () => {
    const all = (await listProjectAuditLog({ user: coordinator, projectId, filter: {}, limit: 1000 })).rows.map((r) => r.id);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let page = await listProjectAuditLog({ user: coordinator, projectId, filter: {}, limit: 2 });
    expect(page.newer).toBeNull();
    seen.push(...page.rows.map((r) => r.id));
    while (page.older) {
      page = await listProjectAuditLog({ user: coordinator, projectId, filter: { older: page.older }, limit: 2 });
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(all);
    // Back one page from the second page gives the first page again.
    const first = await listProjectAuditLog({ user: coordinator, projectId, filter: {}, limit: 2 });
    const second = await listProjectAuditLog({ user: coordinator, projectId, filter: { older: first.older! }, limit: 2 });
    expect(second.newer).not.toBeNull();
    const back = await listProjectAuditLog({ user: coordinator, projectId, filter: { newer: second.newer! }, limit: 2 });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.newer).toBeNull();
  });

  it('filters by action family, actor and date range', async () => {
    const ratings = await listProjectAuditLog({ user: coordinator, projectId, filter: { action: 'rating' } });
    expect(ratings.rows.map((r) => r.action)).toEqual(['rating.change', 'rating.create']);
    const exact = await listProjectAuditLog({ user: coordinator, projectId, filter: { action: 'rating.create' } });
    expect(exact.rows).toHaveLength(1);
    const byCoordinator = await listProjectAuditLog({ user: coordinator, projectId, filter: { actor: coordinator.id } });
    expect(byCoordinator.rows.length).toBeGreaterThan(0);
    expect(byCoordinator.rows.every((r) => r.actorId === coordinator.id)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listProjectAuditLog({ user: coordinator, projectId, filter: { from: today, to: today } })).rows.length).toBeGreaterThan(0);
    expect((await listProjectAuditLog({ user: coordinator, projectId, filter: { to: '2000-01-01' } })).rows).toHaveLength(0);
    expect((await listProjectAuditLog({ user: coordinator, projectId, filter: { from: '2999-01-01' } })).rows).toHaveLength(0);
  });

  it('a rating changed by raw SQL with no actor shows as "unknown (direct database change)", not as the physician', async () => {
    await getDb().$executeRaw`UPDATE ratings SET score = 9 WHERE option_id = ${options[0].id} AND user_id = ${raters[0].id}`;
    const page = await listProjectAuditLog({ user: coordinator, projectId, filter: { action: 'rating' } });
    expect(page.rows[0]).toMatchObject({ action: 'rating.change', old: 6, new: 9, actorId: null, actor: UNKNOWN_ACTOR });
    expect(page.rows[0].actor).not.toContain(raters[0].name);
    const unknown = await listProjectAuditLog({ user: coordinator, projectId, filter: { actor: 'unknown', action: 'rating' } });
    expect(unknown.rows.map((r) => r.new)).toEqual([9]);
  });

  it('the CSV has a header row, RFC 4180 quoting and UTC ISO timestamps', async () => {
    const csv = await collect(auditCsvChunks({ user: coordinator, slug: 'audit-a', filter: {} }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('at_utc,actor,actor_id,action,entity_type,entity_id,subject,old,new,details');
    expect(lines[lines.length - 1]).toBe('');
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,/);
    // The subject "Card001 option 1, rating of ..." holds a comma: quoted; JSON details double their quotes.
    expect(csv).toMatch(/,"Card001 option 1, rating of [^"]+",6,9,/);
    expect(csv).toContain('unknown (direct database change)');
    expect(csv).toMatch(/"\{""case"":""Card001""/);
    const filtered = await collect(auditCsvChunks({ user: coordinator, slug: 'audit-a', filter: { action: 'project' } }));
    expect(filtered.split('\r\n').slice(1, -1).every((l) => l.split(',')[3].startsWith('project.'))).toBe(true);
  });

  it('a coordinator outside the project gets NOT_FOUND from the page data and the CSV data', async () => {
    await expect(listProjectAuditLog({ user: stranger, projectId, filter: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(collect(auditCsvChunks({ user: stranger, slug: 'audit-a', filter: {} }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listProjectAuditLog({ user: raters[0], projectId, filter: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listAllAuditLog({ user: coordinator, filter: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Admins see every project.
    expect((await listProjectAuditLog({ user: admin, projectId, filter: {} })).rows.length).toBeGreaterThan(0);
  });

  it('the history cannot be edited or deleted: audit_events and rating_history refuse UPDATE, DELETE and TRUNCATE', async () => {
    const db = getDb();
    const before = [await db.auditEvent.count(), await db.ratingHistory.count()];
    for (const table of ['audit_events', 'rating_history']) {
      await expect(db.$executeRawUnsafe(`UPDATE ${table} SET id = id`)).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
    }
    await expect(db.$executeRaw`UPDATE audit_events SET actor_id = NULL WHERE actor_id = ${coordinator.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`UPDATE rating_history SET changed_by = ${raters[0].id} WHERE changed_by IS NULL`).rejects.toThrow(/append-only/);
    expect([await db.auditEvent.count(), await db.ratingHistory.count()]).toEqual(before);
  });
  it('changes to a member of the project (status, role, password links) show on its page, with formula-like names neutralised in the CSV', async () => {
    const db = getDb();
    const email = `formula-${Date.now()}@test.primum.invalid`;
    await createUser({ actorId: admin.id, input: { email, name: '=HYPERLINK("http://evil.example","x")', role: 'COORDINATOR', password: 'test-password-123', specialties: [] } });
    const member = await db.user.findUniqueOrThrow({ where: { email } });
    const outsider = await makeUser('COORDINATOR');
    await db.$transaction((tx) => addProjectMember(tx, { projectId, userId: member.id, actorId: coordinator.id }));
    for (const user of [member, outsider]) {
      await setUserActive({ actorId: admin.id, userId: user.id, isActive: false });
      await setUserActive({ actorId: admin.id, userId: user.id, isActive: true });
      const reset = await issuePasswordReset({ actor: admin, userId: user.id, linkUrl: (token) => `http://test.invalid/welcome/${token}` });
      const link = await db.invitation.findFirstOrThrow({ where: { userId: user.id, kind: 'PASSWORD_RESET', revokedAt: null }, orderBy: { createdAt: 'desc' } });
      expect(reset.email).toBe(user.email);
      await revokeInvitation({ actor: admin, invitationId: link.id });
      await db.auditEvent.create({ data: { actorId: user.id, action: 'session.end', entityType: 'user', entityId: user.id, data: { reason: 'sign-out' } } });
    }
    const page = await listProjectAuditLog({ user: coordinator, projectId, filter: { action: 'user' } });
    expect(page.rows.every((r) => r.action.startsWith('user.'))).toBe(true);
    expect(page.rows.filter((r) => r.entityId === member.id).map((r) => [r.action, r.entityId])).toEqual([
      ['user.password.reset.issue', member.id],
      ['user.activate', member.id],
      ['user.deactivate', member.id],
      ['user.create', member.id],
    ]);
    // Whoever changed a member's account can be picked in the actor filter (a coordinator of another project here).
    await db.$transaction((tx) => addProjectMember(tx, { projectId: otherProjectId, userId: member.id, actorId: null }));
    await setUserActive({ actorId: stranger.id, userId: member.id, isActive: false });
    await setUserActive({ actorId: stranger.id, userId: member.id, isActive: true });
    expect((await listAuditActors(projectId)).map((a) => a.id)).toContain(stranger.id);
    expect((await listProjectAuditLog({ user: coordinator, projectId, filter: { actor: stranger.id } })).rows.map((r) => r.action)).toEqual(['user.activate', 'user.deactivate']);
    // The outsider's changes and anyone's sign-outs stay off the project's page; the other project never sees the member's.
    const revoked = await listProjectAuditLog({ user: coordinator, projectId, filter: { action: 'invitation.revoke' } });
    expect(revoked.rows.map((r) => r.data)).toEqual([expect.objectContaining({ email: member.email })]);
    const all = await listProjectAuditLog({ user: coordinator, projectId, filter: {}, limit: 1000 });
    expect(all.rows.some((r) => r.entityId === outsider.id || r.action.startsWith('session.'))).toBe(false);
    const elsewhere = (await listProjectAuditLog({ user: stranger, projectId: otherProjectId, filter: { action: 'user' } })).rows;
    expect(elsewhere.some((r) => r.entityId === outsider.id)).toBe(false); // its own members only
    // Paging with the member's events mixed in still gives every row once.
    const seen: string[] = [];
    let part = await listProjectAuditLog({ user: coordinator, projectId, filter: {}, limit: 3 });
    seen.push(...part.rows.map((r) => r.id));
    while (part.older) {
      part = await listProjectAuditLog({ user: coordinator, projectId, filter: { older: part.older }, limit: 3 });
      seen.push(...part.rows.map((r) => r.id));
    }
    expect(seen).toEqual(all.rows.map((r) => r.id));
    // The CSV: the name a spreadsheet would run as a formula starts with an apostrophe.
    const csv = await collect(auditCsvChunks({ user: coordinator, slug: 'audit-a', filter: { action: 'user' } }));
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(csv).not.toMatch(/,"=HYPERLINK/);
  });
});
