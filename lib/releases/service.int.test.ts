import { strFromU8, strToU8, unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Tx } from '@/lib/db';
import { addProjectMember } from '@/lib/projects/membership';
import { recordAdjudication } from '@/lib/adjudication/record';
import type { SessionUser } from '@/lib/auth/roles';
import { submitRating } from '@/lib/ratings/service';
import { simulateRatings } from '@/lib/simulate/service';
import { updateProjectSettingsAs } from '@/lib/projects/settings';
import { exportRelease, findReleaseByRef } from '@/lib/releases/export';
import { getReleaseDetail } from '@/lib/releases/queries';
import { getProjectReadiness } from '@/lib/releases/readiness';
import { lockRelease } from '@/lib/releases/service';
import { createReleaseLink, releaseOfToken, revokeReleaseLink } from '@/lib/releases/links';
import { verifyRelease } from '@/lib/releases/verify';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

const SLUG = 'releases';

async function zipOf(releaseId: string): Promise<{ bytes: Uint8Array; fileName: string; id: string }> {
  const archive = await exportRelease(releaseId);
  const bytes = new Uint8Array(await new Response(archive.stream).arrayBuffer());
  return { bytes, fileName: archive.fileName, id: (await archive.summary).manifestSha256 };
}

/** The archive's files keyed by their path inside the release folder. */
function filesOf(bytes: Uint8Array): Map<string, Uint8Array> {
  const entries = unzipSync(bytes);
  return new Map(Object.entries(entries).map(([name, data]) => [name.slice(name.indexOf('/') + 1), data]));
}

const jsonl = (bytes: Uint8Array) => strFromU8(bytes).trim().split('\n').map((line) => JSON.parse(line));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Rewrite one file and re-hash the manifest, as someone who edits a released file on purpose would. */
function tamper(files: Map<string, Uint8Array>, path: string, edit: (text: string) => string): Map<string, Uint8Array> {
  const copy = new Map(files);
  copy.set(path, strToU8(edit(strFromU8(files.get(path)!))));
  const manifest = strFromU8(copy.get('MANIFEST.sha256')!)
    .trim()
    .split('\n')
    .map((line) => {
      const name = line.slice(66);
      return `${sha256(copy.get(name)!)}  ${name}`;
    });
  copy.set('MANIFEST.sha256', strToU8(`${manifest.join('\n')}\n`));
  return copy;
}

describe('releases (real PostgreSQL)', () => {
  let coordinator: SessionUser;
  let adjudicator: SessionUser;
  let raters: SessionUser[];
  let projectId: string;
  let v1: { releaseId: string; id: string };
  let v1Zip: Uint8Array;

  beforeAll(async () => {
    coordinator = await makeUser('COORDINATOR');
    adjudicator = await makeUser('ADJUDICATOR');
    raters = [await makeUser('PHYSICIAN', ['Card', 'GI']), await makeUser('PHYSICIAN', ['Card', 'GI']), await makeUser('PHYSICIAN', ['Card', 'GI'])];
    const result = await importNoharm(SLUG, ['Card001', 'Card002', 'GI004'], coordinator.id);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: result.project.slug } })).id;
    await getDb().$transaction(async (tx) => {
      await addProjectMember(tx as Tx, { projectId, userId: adjudicator.id, actorId: coordinator.id });
      await addProjectMember(tx as Tx, { projectId, userId: coordinator.id, actorId: coordinator.id });
    });
  });

  it('refuses to lock when no case is ready, and locks nothing', async () => {
    await expect(lockRelease({ actorId: coordinator.id, projectId })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^No case is ready to release\. Not ready: Card001 \(0 of 3 physicians submitted; \d+ options lack 3 ratings\), Card002/) });
    await expect(lockRelease({ actorId: coordinator.id, projectId, cases: ['Card001'] })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Not ready: Card001 (0 of 3 physicians submitted') });
    await expect(lockRelease({ actorId: coordinator.id, projectId, cases: ['Nope01'] })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'No such case in this project: Nope01.' });
    await expect(lockRelease({ actorId: coordinator.id, projectId, cases: ['Card001'], override: 'short' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('override') });
    expect(await getDb().release.count({ where: { projectId } })).toBe(0);
    expect(await getDb().case.count({ where: { projectId, lockedAt: { not: null } } })).toBe(0);
  });

  it('[COORDINATOR] locks the ready case as v1; gold scores match medians computed by SQL; what is missing elsewhere is listed', async () => {
    const options = await optionsOf('Card001', SLUG);
    for (const [r, rater] of raters.entries()) {
      for (const [i, option] of options.entries()) {
        // Consistent panels (never 1-3 against 7-9): nothing awaits adjudication.
        await submitRating({ user: rater, optionId: option.id, score: Math.min(9, Math.max(1, ((i * 7) % 9) + 1 + [0, 1, -1][r])) });
      }
    }
    const half = await optionsOf('Card002', SLUG);
    await submitRating({ user: raters[0], optionId: half[0].id, score: 7 });
    // GI004 is fully rated, but two options split 1 / 5 / 9: they await adjudication.
    const split = await optionsOf('GI004', SLUG);
    for (const [r, rater] of raters.entries()) {
      for (const [i, option] of split.entries()) await submitRating({ user: rater, optionId: option.id, score: i < 2 ? [1, 5, 9][r] : 5 });
    }
    const readiness = await getProjectReadiness(projectId);
    expect(readiness.cases.map((c) => [c.externalId, c.ready, c.problems])).toEqual([
      ['Card001', true, []],
      ['Card002', false, ['0 of 3 physicians submitted', `${half.length} options lack 3 ratings`]],
      ['GI004', false, ['2 options await adjudication']],
    ]);

    const release = await lockRelease({ actorId: coordinator.id, projectId });
    v1 = release;
    expect(release).toMatchObject({ version: 1, cases: ['Card001'], added: ['Card001'], options: options.length, overridden: [] });
    expect(release.id).toMatch(/^[0-9a-f]{64}$/);
    // The gold score of every option, from the raw ratings by SQL: the middle of three.
    const medians = await getDb().$queryRaw<Array<{ option_id: string; median: number }>>`
      SELECT r.option_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY r.score) AS median
      FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id
      WHERE c.project_id = ${projectId} AND c.external_id = 'Card001' GROUP BY r.option_id`;
    const items = await getDb().releaseItem.findMany({ where: { releaseId: release.releaseId } });
    expect(items).toHaveLength(options.length);
    const bySql = new Map(medians.map((m) => [m.option_id, Number(m.median)]));
    for (const item of items) expect({ gold: item.goldScore, source: item.goldSource, override: item.lockedByOverride }).toEqual({ gold: bySql.get(item.optionId), source: 'rule', override: false });
    const locked = await getDb().case.findMany({ where: { projectId, lockedAt: { not: null } }, select: { externalId: true } });
    expect(locked.map((c) => c.externalId)).toEqual(['Card001']);
    const row = await getDb().release.findUniqueOrThrow({ where: { id: release.releaseId } });
    expect(row).toMatchObject({ license: 'cc-by-4.0', overrideReason: null, goldRuleConfig: { severityMode: 'strict', adjudicate: { randUcla: true, crossZone: false, needsDiscussion: false } } });
    const files = await getDb().releaseFile.findMany({ where: { releaseId: release.releaseId }, orderBy: { position: 'asc' } });
    expect(files.at(-1)).toMatchObject({ path: 'MANIFEST.sha256', sha256: release.id });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'release.lock', entityId: release.releaseId } });
    expect(audit.data).toMatchObject({ version: 1, id: release.id, added: 1 });
  });

  it('exports the same bytes every time, whose manifest hash is the recorded release id, and verify passes', async () => {
    const first = await zipOf(v1.releaseId);
    const second = await zipOf(v1.releaseId);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(first.fileName).toBe('releases-v1.zip');
    v1Zip = first.bytes;
    const files = filesOf(first.bytes);
    expect(sha256(files.get('MANIFEST.sha256')!)).toBe(v1.id);
    expect(first.id).toBe(v1.id);
    const recorded = await getDb().releaseFile.findMany({ where: { releaseId: v1.releaseId }, orderBy: { position: 'asc' } });
    expect(recorded.map((f) => [f.path, Number(f.size), f.sha256])).toEqual([...files].map(([path, bytes]) => [path, bytes.length, sha256(bytes)]));

    const rubric = JSON.parse(strFromU8(files.get('rubrics/Card001.json')!));
    const options = jsonl(files.get('options.jsonl')!);
    // The labels the lock recorded (what release pages compare) are the archive's, option by option.
    const items = await getDb().releaseItem.findMany({ where: { releaseId: v1.releaseId }, select: { zone: true, severity: true, harmSide: true, option: { select: { number: true } } } });
    const labelOf = new Map(items.map((i) => [i.option.number, [i.zone, i.severity, i.harmSide]]));
    expect(options.map((o) => [o.zone, o.severity, o.harm_side])).toEqual(options.map((o) => labelOf.get(o.option_id)));
    expect(options.some((o) => o.severity !== null)).toBe(true);
    expect(rubric.id).toBe('Card001');
    expect(rubric.specialistConsult).toBeDefined();
    expect(rubric.options.map((o: { id: number; score: number }) => [o.id, o.score])).toEqual(options.map((o) => [o.option_id, o.rubric_score]));
    const ratings = jsonl(files.get('ratings.jsonl')!);
    expect(ratings).toHaveLength(options.length * 3);
    expect(new Set(ratings.map((r) => r.rater_id)).size).toBe(3);
    const text = strFromU8(files.get('ratings.csv')!);
    for (const rater of raters) {
      expect(text).not.toContain(rater.id);
      expect(text).not.toContain(rater.email);
      // Not derivable from ids the app shows (project and user ids): the pseudonym needs the database's key.
      for (const derived of [sha256(strToU8(`${projectId}:${rater.id}`)), sha256(strToU8(rater.id))]) expect(text).not.toContain(derived.slice(0, 10));
    }
    expect([...files.keys()].some((name) => name.includes('Card002') || name.includes('GI004'))).toBe(false);

    const report = await verifyRelease(files);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, releaseId: v1.id });
  });

  it('verify names the file of a tampered byte, an edited gold score and a removed rating', async () => {
    const files = filesOf(v1Zip);
    const byte = new Map(files);
    const csv = new Uint8Array(files.get('ratings.csv')!);
    csv[csv.length - 2] = csv[csv.length - 2] === 0x31 ? 0x32 : 0x31;
    byte.set('ratings.csv', csv);
    const flipped = await verifyRelease(byte);
    expect(flipped.ok).toBe(false);
    expect(flipped.problems.map((p) => p.file)).toContain('ratings.csv');

    const first = jsonl(files.get('options.jsonl')!)[0];
    const wrongGold = first.gold_score === 9 ? 8 : first.gold_score + 1;
    const edited = tamper(files, 'options.jsonl', (t) => t.replace(`"gold_score":${first.gold_score},`, `"gold_score":${wrongGold},`));
    const gold = await verifyRelease(edited);
    expect(gold.ok).toBe(false);
    expect(gold.problems).toContainEqual(expect.objectContaining({ file: 'options.jsonl', case: 'Card001', option: first.option_id, field: 'gold_score', expected: first.gold_score, found: wrongGold }));

    const lines = strFromU8(files.get('ratings.jsonl')!).split('\n');
    const removed = tamper(files, 'ratings.jsonl', () => [...lines.slice(0, 1), ...lines.slice(2)].join('\n'));
    const rating = await verifyRelease(removed);
    expect(rating.ok).toBe(false);
    expect(rating.problems.some((p) => p.case === 'Card001' && (p.field === 'n_ratings' || p.file === 'ratings.jsonl'))).toBe(true);
  });

  it('v2 after adjudication and a changed gold rule: carries v1, adds GI004 with adjudicated gold, and the diff shows both', async () => {
    const split = await optionsOf('GI004', SLUG);
    await recordAdjudication({ user: adjudicator, optionId: split[0].id, score: 2, rationale: 'harmful here' });
    await recordAdjudication({ user: adjudicator, optionId: split[1].id, score: 8, rationale: 'appropriate here' });
    // Lenient severity: a 9/9/8 or 1/1/2 panel is now "severe" (strict said "moderate"), so labels of v1's options may change.
    await updateProjectSettingsAs(coordinator, projectId, { goldRule: { severityMode: 'lenient', adjudicate: { randUcla: true, crossZone: false, needsDiscussion: false } } });
    const v2 = await lockRelease({ actorId: coordinator.id, projectId, license: 'cc0-1.0' });
    expect(v2).toMatchObject({ version: 2, cases: ['Card001', 'GI004'], added: ['GI004'], overridden: [] });
    const gold = await getDb().releaseItem.findMany({ where: { releaseId: v2.releaseId, optionId: { in: [split[0].id, split[1].id, split[2].id] } } });
    expect(Object.fromEntries(gold.map((g) => [g.optionId, [g.goldScore, g.goldSource]]))).toEqual({
      [split[0].id]: [2, 'adjudicated'],
      [split[1].id]: [8, 'adjudicated'],
      [split[2].id]: [5, 'rule'],
    });

    const detail = await getReleaseDetail(projectId, 2);
    expect(detail.previous?.version).toBe(1);
    expect(detail.previous?.diff.casesAdded).toEqual(['GI004']);
    expect(detail.previous?.diff.casesRemoved).toEqual([]);
    // Every label change is a severity change between strict and lenient on the same score (the scores are frozen).
    const v1Options = jsonl(filesOf(v1Zip).get('options.jsonl')!);
    const expectedChanges = v1Options.filter((o) => o.severity === 'moderate' && (o.gold_score === 1 || o.gold_score === 9)).map((o) => o.option_id);
    expect(expectedChanges.length).toBeGreaterThan(0);
    expect(detail.previous?.diff.goldChanged.map((g) => g.option_id)).toEqual(expectedChanges);
    for (const change of detail.previous!.diff.goldChanged) {
      expect(change).toMatchObject({ case_id: 'Card001', changed: ['label'], before: { severity: 'moderate' }, after: { severity: 'severe' } });
    }
    expect(detail.previous?.diff.agreement[0]).toMatchObject({ group: 'overall', before: { items: v1Options.length }, after: { items: v1Options.length + split.length } });

    const files = filesOf((await zipOf(v2.releaseId)).bytes);
    const adjudications = jsonl(files.get('adjudications.jsonl')!);
    expect(adjudications.map((a) => [a.case_id, a.score, a.rationale])).toEqual([
      ['GI004', 2, 'harmful here'],
      ['GI004', 8, 'appropriate here'],
    ]);
    expect(adjudications[0].adjudicator_id).not.toContain(adjudicator.id);
    expect((await verifyRelease(files)).problems).toEqual([]);
  });

  it('a release stays the same bytes after later ratings and releases, and after its specialty is renamed', async () => {
    await submitRating({ user: raters[1], optionId: (await optionsOf('Card002', SLUG))[0].id, score: 3 });
    expect(Buffer.from((await zipOf(v1.releaseId)).bytes).equals(Buffer.from(v1Zip))).toBe(true);
    // Nothing stops a specialty's code from changing (the app role may update specialties): the archive uses the code recorded at lock.
    await getDb().$executeRaw`UPDATE specialties SET code = 'Cardio' WHERE code = 'Card'`;
    try {
      expect(Buffer.from((await zipOf(v1.releaseId)).bytes).equals(Buffer.from(v1Zip))).toBe(true);
    } finally {
      await getDb().$executeRaw`UPDATE specialties SET code = 'Card' WHERE code = 'Cardio'`;
    }
  });

  it('an override locks incomplete cases with its reason and who gave it; simulated ratings need one outside a demo', async () => {
    // The third physician of Card002 has not started: a simulated physician takes the assignment and rates every option.
    const card002 = await optionsOf('Card002', SLUG);
    const simulated = await simulateRatings({ projectId, seed: 3, takeUnstarted: true });
    expect(simulated).toMatchObject({ takenOver: 1, ratings: card002.length });
    const readiness = await getProjectReadiness(projectId);
    expect(readiness.cases.find((c) => c.externalId === 'Card002')?.problems).toContain(`${card002.length} ratings come from simulated raters`);
    await expect(lockRelease({ actorId: coordinator.id, projectId, cases: ['Card001', 'GI004', 'Card002'] })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('simulated raters') });

    const v3 = await lockRelease({ actorId: coordinator.id, projectId, cases: ['Card002'], override: 'Pilot release for the methods paper: Card002 is incomplete.' });
    expect(v3).toMatchObject({ version: 3, cases: ['Card002'], added: ['Card002'] });
    expect(v3.overridden[0].caseExternalId).toBe('Card002');
    const row = await getDb().release.findUniqueOrThrow({ where: { id: v3.releaseId } });
    expect(row).toMatchObject({ overrideReason: 'Pilot release for the methods paper: Card002 is incomplete.', overrideById: coordinator.id });
    const files = filesOf((await zipOf(v3.releaseId)).bytes);
    const meta = JSON.parse(strFromU8(files.get('release.json')!));
    expect(meta.override).toMatchObject({ reason: 'Pilot release for the methods paper: Card002 is incomplete.', cases: ['Card002'] });
    expect(meta.counts).toMatchObject({ simulated_raters: 1, simulated_ratings: card002.length });
    const options = jsonl(files.get('options.jsonl')!);
    expect(options.every((o) => o.locked_by_override)).toBe(true);
    // An option with a single rating has no gold label (it needs two): null, and 'none' as its source.
    const single = options.filter((o) => o.n_ratings === 1);
    expect(single.length).toBeGreaterThan(0);
    expect(single.every((o) => o.gold_score === null && o.gold_source === 'none' && o.rubric_score === null)).toBe(true);
    expect(jsonl(files.get('ratings.jsonl')!).filter((r) => r.simulated)).toHaveLength(card002.length);
    expect(strFromU8(files.get('README.md')!)).toMatch(/simulated/i);
    expect((await verifyRelease(files)).problems).toEqual([]);
  });

  it('a later version carrying a case locked by override needs its own override, says so, and verifies; an unchanged release is refused', async () => {
    // v3 took only Card002 by override; the default selection now carries Card001, GI004 (v2) and Card002 (v3).
    await expect(lockRelease({ actorId: coordinator.id, projectId })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Not ready: Card002 \(/) });
    const v4 = await lockRelease({ actorId: coordinator.id, projectId, override: 'Carrying the pilot case Card002 into the full release.' });
    expect(v4).toMatchObject({ version: 4, cases: ['Card001', 'Card002', 'GI004'], added: [] });
    expect(v4.overridden.map((c) => c.caseExternalId)).toEqual(['Card002']);
    const files = filesOf((await zipOf(v4.releaseId)).bytes);
    const meta = JSON.parse(strFromU8(files.get('release.json')!));
    expect(meta.override.cases).toEqual(['Card002']);
    const marked = jsonl(files.get('options.jsonl')!).filter((o) => o.locked_by_override);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((o) => o.case_id === 'Card002')).toBe(true);
    expect((await verifyRelease(files)).problems).toEqual([]);
    await expect(lockRelease({ actorId: coordinator.id, projectId, override: 'Carrying the pilot case Card002 into the full release.' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Nothing to release: v4 already holds these 3 case(s) under the same gold rule and licence.',
    });
  });

  it('names releases by id prefix or project@vN; public links open a release until revoked', async () => {
    expect((await findReleaseByRef(v1.id)).id).toBe(v1.releaseId);
    expect((await findReleaseByRef(v1.id.slice(0, 12))).id).toBe(v1.releaseId);
    expect((await findReleaseByRef(`${SLUG}@v1`)).id).toBe(v1.releaseId);
    await expect(findReleaseByRef(`${SLUG}@v9`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(findReleaseByRef('not a ref')).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const { token, linkId } = await createReleaseLink(coordinator, v1.releaseId);
    expect(await releaseOfToken(token)).toBe(v1.releaseId);
    const stored = await getDb().releaseLink.findUniqueOrThrow({ where: { id: linkId } });
    expect(stored.tokenHash).not.toContain(token);
    await revokeReleaseLink(coordinator, linkId);
    await expect(releaseOfToken(token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(revokeReleaseLink(coordinator, linkId)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(getDb().$executeRaw`UPDATE release_links SET revoked_at = NULL, revoked_by_id = NULL WHERE id = ${linkId}`).rejects.toThrow(/already revoked/);
    const outsider = await makeUser('COORDINATOR');
    await expect(createReleaseLink(outsider, v1.releaseId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the database refuses every change to locked ratings, releases and their files, whoever writes', async () => {
    const db = getDb();
    const [option] = await optionsOf('Card001', SLUG);
    await expect(submitRating({ user: raters[0], optionId: option.id, score: 1 })).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(db.$executeRaw`UPDATE ratings SET score = 1 WHERE option_id = ${option.id}`).rejects.toThrow(/locked/);
    await expect(db.$executeRaw`DELETE FROM ratings WHERE option_id = ${option.id}`).rejects.toThrow(/locked/);
    await expect(db.$executeRaw`UPDATE cases SET locked_at = NULL WHERE external_id = 'Card001'`).rejects.toThrow(/locked/);
    await expect(db.$executeRaw`UPDATE release_items SET gold_score = 9`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`UPDATE release_files SET sha256 = ${'0'.repeat(64)}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`UPDATE releases SET override_reason = 'changed afterwards'`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM releases`).rejects.toThrow(/append-only/);
    for (const table of ['ratings', 'releases', 'release_items', 'release_cases', 'release_files', 'release_links', 'adjudications']) {
      await expect(db.$executeRawUnsafe(`TRUNCATE ${table} CASCADE`), table).rejects.toThrow(/append-only/);
    }
    // Rater pseudonyms rest on the project's secret key: it cannot be changed (or every release would change).
    await expect(db.$executeRaw`UPDATE projects SET pseudonym_key = 'known' WHERE id = ${projectId}`).rejects.toThrow(/pseudonym key never changes/);
    // Whether a rater is simulated is stated by releases: it cannot be flipped afterwards.
    await expect(db.$executeRaw`UPDATE users SET is_simulated = NOT is_simulated WHERE id = ${raters[0].id}`).rejects.toThrow(/simulated is fixed/);
    // A committed release is sealed: nothing can join it later.
    await expect(db.releaseFile.create({ data: { releaseId: v1.releaseId, position: 99, path: 'extra.txt', size: 1n, sha256: '0'.repeat(64) } })).rejects.toThrow(/sealed/);
    await expect(db.releaseItem.create({ data: { releaseId: v1.releaseId, optionId: (await optionsOf('Card002', SLUG))[0].id, goldScore: 5, goldSource: 'rule', ratingCount: 1, disagreement: false } })).rejects.toThrow(/sealed/);
  });
});
