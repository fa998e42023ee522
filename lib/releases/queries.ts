import 'server-only';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { MANIFEST, type GoldSource, type ReleaseMeta } from '@/lib/releases/archive/types';
import { diffReleases, type DiffOption, type ReleaseDiff } from '@/lib/releases/diff';
import { releaseOfToken } from '@/lib/releases/links';
import { releaseSource } from '@/lib/releases/source';
import { viaPrisma } from '@/lib/releases/sql';

/** What the releases pages show (server-side reads in one place; pages stay thin). */

export type ReleaseListRow = {
  dbId: string;
  version: number;
  /** The release id: SHA-256 of MANIFEST.sha256 (null for releases locked before issue 9). */
  releaseId: string | null;
  createdAt: string;
  createdBy: string;
  cases: number;
  options: number;
  overridden: boolean;
  license: string | null;
};

export async function listReleases(projectId: string): Promise<ReleaseListRow[]> {
  const releases = await getDb().release.findMany({
    where: { projectId },
    orderBy: { version: 'desc' },
    select: {
      id: true,
      version: true,
      createdAt: true,
      overrideReason: true,
      license: true,
      createdBy: { select: { name: true } },
      files: { where: { path: MANIFEST }, select: { sha256: true } },
      _count: { select: { cases: true, items: true } },
    },
  });
  return releases.map((r) => ({
    dbId: r.id,
    version: r.version,
    releaseId: r.files[0]?.sha256 ?? null,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy.name,
    cases: r._count.cases,
    options: r._count.items,
    overridden: r.overrideReason !== null,
    license: r.license,
  }));
}

export type ReleaseLinkRow = { id: string; createdAt: string; createdBy: string; revokedAt: string | null; revokedBy: string | null };

export type ReleaseDetail = {
  dbId: string;
  releaseId: string | null;
  meta: ReleaseMeta;
  createdBy: string;
  overrideBy: string | null;
  files: Array<{ path: string; size: number; sha256: string }>;
  links: ReleaseLinkRow[];
  previous: { version: number; diff: ReleaseDiff } | null;
};

/**
 * Each option's gold label in a release, as the diff reads it: from the release's own rows (the lock
 * recorded the labels), so a release page never re-reads the ratings. Releases locked before the
 * labels were recorded are read through the archive's source instead.
 */
async function goldOptionsOf(releaseDbId: string): Promise<DiffOption[]> {
  const items = await getDb().releaseItem.findMany({
    where: { releaseId: releaseDbId },
    select: { goldScore: true, goldSource: true, zone: true, severity: true, harmSide: true, option: { select: { number: true, text: true, case: { select: { externalId: true } } } } },
  });
  if (items.some((i) => i.goldSource === null || (i.goldScore !== null && i.zone === null))) {
    const source = await releaseSource(viaPrisma(getDb()), releaseDbId);
    const options: DiffOption[] = [];
    for await (const batch of source.cases()) for (const c of batch) options.push(...c.options);
    return options;
  }
  return items.map((i) => ({
    case_id: i.option.case.externalId,
    option_id: i.option.number,
    text: i.option.text,
    gold_score: i.goldScore,
    gold_source: i.goldSource as GoldSource,
    zone: i.zone as DiffOption['zone'],
    severity: i.severity as DiffOption['severity'],
    harm_side: i.harmSide as DiffOption['harm_side'],
  }));
}

/** One release of the project by version, with its files, public links and the diff from the version before. */
export async function getReleaseDetail(projectId: string, version: number): Promise<ReleaseDetail> {
  const db = getDb();
  const release = await db.release.findUnique({
    where: { projectId_version: { projectId, version } },
    select: {
      id: true,
      createdBy: { select: { name: true } },
      overrideBy: { select: { name: true } },
      files: { orderBy: { position: 'asc' }, select: { path: true, size: true, sha256: true } },
      links: { orderBy: { createdAt: 'desc' }, select: { id: true, createdAt: true, revokedAt: true, createdBy: { select: { name: true } }, revokedBy: { select: { name: true } } } },
    },
  });
  if (!release) throw new AppError('NOT_FOUND', `This project has no release v${version}.`);
  const previousRelease = await db.release.findFirst({ where: { projectId, version: { lt: version } }, orderBy: { version: 'desc' }, select: { id: true, version: true } });
  const [source, previousSource] = await Promise.all([releaseSource(viaPrisma(db), release.id), previousRelease ? releaseSource(viaPrisma(db), previousRelease.id) : null]);
  const [options, previousOptions] = await Promise.all([goldOptionsOf(release.id), previousRelease ? goldOptionsOf(previousRelease.id) : null]);
  return {
    dbId: release.id,
    releaseId: release.files.find((f) => f.path === MANIFEST)?.sha256 ?? null,
    meta: source.meta,
    createdBy: release.createdBy.name,
    overrideBy: release.overrideBy?.name ?? null,
    files: release.files.map((f) => ({ path: f.path, size: Number(f.size), sha256: f.sha256 })),
    links: release.links.map((l) => ({
      id: l.id,
      createdAt: l.createdAt.toISOString(),
      createdBy: l.createdBy.name,
      revokedAt: l.revokedAt?.toISOString() ?? null,
      revokedBy: l.revokedBy?.name ?? null,
    })),
    previous:
      previousRelease && previousSource && previousOptions
        ? { version: previousRelease.version, diff: diffReleases({ options: previousOptions, agreement: previousSource.meta.agreement }, { options, agreement: source.meta.agreement }) }
        : null,
  };
}

/** What a public link shows: the summary and files of its release (nothing about people). */
export async function getPublicRelease(token: string): Promise<{ meta: ReleaseMeta; releaseId: string | null; files: ReleaseDetail['files'] }> {
  const releaseDbId = await releaseOfToken(token);
  const [source, files] = await Promise.all([
    releaseSource(viaPrisma(getDb()), releaseDbId),
    getDb().releaseFile.findMany({ where: { releaseId: releaseDbId }, orderBy: { position: 'asc' }, select: { path: true, size: true, sha256: true } }),
  ]);
  return {
    meta: source.meta,
    releaseId: files.find((f) => f.path === MANIFEST)?.sha256 ?? null,
    files: files.map((f) => ({ path: f.path, size: Number(f.size), sha256: f.sha256 })),
  };
}
