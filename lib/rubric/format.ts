import type { Rubric, RubricOption } from '@/lib/rubric/schema';

/** The columns Primum stores for an option; everything else of the rubric option goes in `extra`. */
export type StoredOption = {
  number: number;
  position: number;
  text: string;
  category: string;
  isHarmOfInaction: boolean;
  bestInGroup: boolean;
  abstraction: string | null;
  abstractionType: string | null;
  dependsOn: number[];
  referenceScore: number | null;
  extra: Record<string, unknown>;
};

export type StoredCase = {
  externalId: string;
  presentation: string;
  recommendations: string;
  /** Every other rubric field: top-level keys except id/case/options, and `case` keys beyond the two. */
  rubric: { top: Record<string, unknown>; case: Record<string, unknown> };
  options: StoredOption[];
};

const OPTION_COLUMNS = ['id', 'text', 'category', 'score', 'bestInGroup', 'isHarmOfInaction', 'abstraction', 'abstractionType', 'dependsOn'];

function omit(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([key]) => !keys.includes(key)));
}

/** Split a validated rubric into columns plus the carried-through remainder. */
export function toStoredCase(rubric: Rubric): StoredCase {
  const { id, case: caseBlock, options, ...top } = rubric;
  return {
    externalId: id,
    presentation: caseBlock.presentation,
    recommendations: caseBlock.recommendations,
    rubric: {
      top,
      case: omit(caseBlock, ['presentation', 'recommendations']),
    },
    options: options.map((option: RubricOption, position) => ({
      number: option.id,
      position,
      text: option.text,
      category: option.category,
      isHarmOfInaction: option.isHarmOfInaction ?? false,
      bestInGroup: option.bestInGroup ?? false,
      abstraction: option.abstraction ?? null,
      abstractionType: option.abstractionType ?? null,
      dependsOn: option.dependsOn ?? [],
      referenceScore: option.score ?? null,
      extra: {
        ...omit(option, OPTION_COLUMNS),
        // Remember which optional keys the source had, to reproduce it key for key.
        _keys: OPTION_COLUMNS.filter((key) => key in option),
      },
    })),
  };
}

/**
 * Rebuild a rubric in the NOHARM format from stored columns. `scoreOf` gives each option's
 * score (the gold score in a release; the reference score to reproduce the source).
 */
export function toRubric(stored: StoredCase, scoreOf: (option: StoredOption) => number | null): Record<string, unknown> {
  const { open, ...restTop } = stored.rubric.top;
  const options = [...stored.options]
    .sort((a, b) => a.position - b.position)
    .map((option) => {
      const { _keys, ...extra } = option.extra as { _keys?: string[] } & Record<string, unknown>;
      const keys = new Set(_keys ?? OPTION_COLUMNS);
      const out: Record<string, unknown> = { id: option.number, text: option.text, category: option.category };
      const score = scoreOf(option);
      if (score !== null || keys.has('score')) out.score = score;
      if (keys.has('bestInGroup')) out.bestInGroup = option.bestInGroup;
      if (keys.has('isHarmOfInaction')) out.isHarmOfInaction = option.isHarmOfInaction;
      if (keys.has('abstraction')) out.abstraction = option.abstraction;
      if (keys.has('abstractionType')) out.abstractionType = option.abstractionType;
      if (keys.has('dependsOn')) out.dependsOn = option.dependsOn;
      return { ...out, ...extra };
    });
  return {
    id: stored.externalId,
    ...(open === undefined ? {} : { open }),
    case: { presentation: stored.presentation, recommendations: stored.recommendations, ...stored.rubric.case },
    options,
    ...restTop,
  };
}
