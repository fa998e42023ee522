import { strFromU8 } from 'fflate';
import { ADJUDICATION_COLUMNS, OPTION_COLUMNS, RATING_COLUMNS } from '@/lib/releases/archive';
import { RELEASE_FORMAT, RELEASE_FORMATS } from '@/lib/releases/archive/types';
import { checkAgreement } from '@/lib/releases/verify-agreement';
import { checkGold } from '@/lib/releases/verify-gold';
import { checkManifest } from '@/lib/releases/verify-manifest';
import { checkCounts, checkSummary, readReleaseJson } from '@/lib/releases/verify-meta';
import { ProblemList, type VerifyReport } from '@/lib/releases/verify-report';
import { adjudicationRowSchema, optionRowSchema, ratingRowSchema, readJsonl } from '@/lib/releases/verify-rows';
import { checkRubrics } from '@/lib/releases/verify-rubrics';
import { checkTables } from '@/lib/releases/verify-tables';

export type { VerifyProblem, VerifyReport } from '@/lib/releases/verify-report';

/**
 * `primum verify` (issue 9): checks a release archive against docs/release-format.md without the
 * database. The manifest and its hashes; release.json; every option's gold score and label
 * recomputed from the raw ratings and adjudications under the recorded rule; the rubrics' integer
 * scores; the CSV and Parquet copies against the JSONL rows; the counts; the agreement figures
 * recomputed with the recorded replicates and seed. Every mismatch is named (file, case, option,
 * field, expected, found). Pure: `files` are the release folder's files keyed by relative path.
 * Async only because the Parquet reader is.
 */
export async function verifyRelease(files: ReadonlyMap<string, Uint8Array>): Promise<VerifyReport> {
  const problems = new ProblemList();
  const releaseId = checkManifest(files, problems);
  const text = (path: string) => strFromU8(files.get(path) ?? new Uint8Array());
  const options = readJsonl('options.jsonl', text('options.jsonl'), optionRowSchema, OPTION_COLUMNS, problems);
  const ratings = readJsonl('ratings.jsonl', text('ratings.jsonl'), ratingRowSchema, RATING_COLUMNS, problems);
  const adjudications = readJsonl('adjudications.jsonl', text('adjudications.jsonl'), adjudicationRowSchema, ADJUDICATION_COLUMNS, problems);
  const release = readReleaseJson(files.get('release.json'), problems);

  if (release?.rule) {
    const overrideCases = release.meta.override ? new Set(release.meta.override.cases) : null;
    const figures = checkGold({ options, ratings, adjudications }, release.rule, overrideCases, problems);
    checkRubrics(files, release.meta.cases.map((c) => c.id), options, figures, problems);
  }
  // The CSV spelling of the format release.json names (an unknown one is reported by readReleaseJson).
  const format = RELEASE_FORMATS.find((f) => f === release?.meta.format) ?? RELEASE_FORMAT;
  await checkTables(files, 'options', OPTION_COLUMNS, options, format, problems);
  await checkTables(files, 'ratings', RATING_COLUMNS, ratings, format, problems);
  if (release) checkCounts(release.meta, { options, ratings, adjudications }, problems);

  const agreementBytes = files.get('agreement.json');
  if (agreementBytes) {
    let found: unknown;
    try {
      found = JSON.parse(strFromU8(agreementBytes));
    } catch {
      problems.add('agreement.json', 'not JSON');
    }
    const agreement = found === undefined ? null : checkAgreement(found, options, ratings, problems);
    if (agreement && release) checkSummary(release.meta, agreement, problems);
  }

  return {
    ok: problems.count === 0,
    releaseId,
    checked: { files: files.size, options: options.length, ratings: ratings.length, adjudications: adjudications.length },
    problems: problems.all(),
  };
}
