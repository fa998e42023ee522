import { createHash } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { toRubric, type StoredCase } from '@/lib/rubric/format';

export type ReleaseData = {
  project: { slug: string; name: string };
  version: number;
  goldRule: string;
  createdAt: Date;
  summary: Record<string, unknown>;
  cases: Array<StoredCase & { specialty: string; optionIds: Map<number, string> }>;
  gold: Map<string, number>;
  ratings: Array<{ caseId: string; optionNumber: number; raterId: string; simulated: boolean; score: number }>;
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function csvLine(values: Array<string | number | boolean>): string {
  return values.map((v) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v))).join(',');
}

function datasetCard(data: ReleaseData): string {
  const s = data.summary;
  return [
    `# ${data.project.name}: gold-standard release v${data.version}`,
    '',
    `Locked ${data.createdAt.toISOString()} with Primum. Gold rule: \`${data.goldRule}\` (the median of the physicians' 1-9 scores).`,
    '',
    `- cases: ${s.cases}, options: ${s.options}, ratings: ${s.ratings}, raters: ${s.raters}`,
    `- options in RAND/UCLA disagreement: ${s.disagreements}`,
    `- Krippendorff's alpha (ordinal): ${s.alphaOrdinal ?? 'undefined'}`,
    '',
    '## Files',
    '- `rubrics/<case>.json`: each case in the NOHARM rubric format; `options[].score` is the gold score.',
    '- `ratings.csv`: every rating, with pseudonymous rater ids (`simulated` marks simulated raters).',
    '- `release.json`: version, gold rule, counts and agreement.',
    '- `SHA256SUMS`: the SHA-256 of every file above (`sha256sum -c SHA256SUMS`).',
    '',
    'Scale: RAND/UCLA 1-9 (1-3 inappropriate: doing it risks harm; 4-6 uncertain; 7-9 appropriate: omitting it risks harm).',
    '',
  ].join('\n');
}

/** The release's files as bytes, in a fixed order: the same release always gives the same bytes. */
export function assembleReleaseFiles(data: ReleaseData): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const c of [...data.cases].sort((a, b) => a.externalId.localeCompare(b.externalId))) {
    const rubric = toRubric(c, (option) => data.gold.get(c.optionIds.get(option.number)!) ?? null);
    files.set(`rubrics/${c.externalId}.json`, strToU8(`${JSON.stringify(rubric, null, 2)}\n`));
  }
  const rows = [...data.ratings].sort((a, b) => a.caseId.localeCompare(b.caseId) || a.optionNumber - b.optionNumber || a.raterId.localeCompare(b.raterId));
  const csv = [csvLine(['case_id', 'option_id', 'rater_id', 'simulated', 'score']), ...rows.map((r) => csvLine([r.caseId, r.optionNumber, r.raterId, r.simulated, r.score]))];
  files.set('ratings.csv', strToU8(`${csv.join('\n')}\n`));
  const meta = {
    project: data.project,
    version: data.version,
    goldRule: data.goldRule,
    createdAt: data.createdAt.toISOString(),
    summary: data.summary,
    cases: [...data.cases].map((c) => ({ id: c.externalId, specialty: c.specialty, options: c.options.length })).sort((a, b) => a.id.localeCompare(b.id)),
  };
  files.set('release.json', strToU8(`${JSON.stringify(meta, null, 2)}\n`));
  files.set('README.md', strToU8(datasetCard(data)));
  const sums = [...files].map(([name, bytes]) => `${sha256(bytes)}  ${name}`).join('\n');
  files.set('SHA256SUMS', strToU8(`${sums}\n`));
  return files;
}

/**
 * A zip of the files under one folder that is the same bytes on every machine: zip stores local
 * date-time fields, so every entry gets 1980-01-01 00:00 built from local fields, whatever the
 * server's time zone. The release's real time is in release.json.
 */
export function zipRelease(folder: string, files: Map<string, Uint8Array>): Uint8Array {
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 6 }]> = {};
  for (const [name, bytes] of files) entries[`${folder}/${name}`] = [bytes, { mtime, level: 6 }];
  return zipSync(entries);
}
