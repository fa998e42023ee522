/** The RAND/UCLA 1-9 scale, harmonised with WHO harm severity (../shared/docs/DOMAIN.md). */
export const SCALE = [
  { score: 1, zone: 'harm', label: 'Inappropriate', meaning: 'Doing it risks severe harm' },
  { score: 2, zone: 'harm', label: 'Inappropriate', meaning: 'Doing it risks moderate harm' },
  { score: 3, zone: 'harm', label: 'Inappropriate', meaning: 'Doing it risks mild harm' },
  { score: 4, zone: 'uncertain', label: 'Uncertain', meaning: 'Neither clearly beneficial nor harmful' },
  { score: 5, zone: 'uncertain', label: 'Uncertain', meaning: 'Neither clearly beneficial nor harmful' },
  { score: 6, zone: 'uncertain', label: 'Uncertain', meaning: 'Neither clearly beneficial nor harmful' },
  { score: 7, zone: 'appropriate', label: 'Appropriate', meaning: 'Omitting it risks mild harm' },
  { score: 8, zone: 'appropriate', label: 'Appropriate', meaning: 'Omitting it risks moderate harm' },
  { score: 9, zone: 'appropriate', label: 'Highly appropriate', meaning: 'Omitting it risks severe harm' },
] as const;

export const SCORE_MIN = 1;
export const SCORE_MAX = 9;
export const SCALE_DOMAIN = SCALE.map((s) => s.score);

export const WHO_SEVERITY = {
  mild: 'symptomatic, mild symptoms or short-term minimal harm; little or no intervention needed',
  moderate: 'needs intervention (extra treatment or procedure), a longer stay, or causes permanent or long-term harm',
  severe: 'needs life-saving or major intervention, shortens life expectancy, or causes major permanent harm',
} as const;
