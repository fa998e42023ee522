import { describe, expect, it } from 'vitest';
import type { AgreementSummary } from '@/lib/agreement';
import { alphaText, formatCount, releaseCard, sizeCategory } from './card';
import { testRelease } from './test-release';

const FRONT_MATTER = `---
license: cc-by-4.0
pretty_name: "Harm \\"study\\": cardiology & allergy (Primum release v2)"
task_categories: [text-classification]
language: [en]
tags: [medical, clinical-safety, harm, benchmark, noharm, rand-ucla]
size_categories: [n<1K]
configs:
- config_name: options
  data_files:
  - split: train
    path: options.parquet
- config_name: ratings
  data_files:
  - split: train
    path: ratings.parquet
---
`;

function figures(alpha: number | null, ci: { lower: number; upper: number } | null): AgreementSummary {
  const values = { alpha: { nominal: null, ordinal: alpha, interval: null, ratio: null }, alpha_zones: null, fleiss_kappa: null, percent_agreement: null, gwet_ac1: null, gwet_ac2: { linear: null, quadratic: null } };
  const intervals = { alpha: { nominal: null, ordinal: ci, interval: null, ratio: null }, alpha_zones: null, fleiss_kappa: null, percent_agreement: null, gwet_ac1: null, gwet_ac2: { linear: null, quadratic: null } };
  return { items: 4249, raters: 29, ratings: 12747, ...values, ci: ci ? { level: 0.95, replicates: 1000, seed: 1, resampled: 'clusters', units: 100, ...intervals } : null, notes: ci ? {} : { ci: 'fewer than two clusters or items to resample' } };
}

describe('release card', () => {
  it('opens with the Hugging Face front matter: licence, size category and the two configs', () => {
    expect(releaseCard(testRelease().meta).startsWith(FRONT_MATTER)).toBe(true);
  });

  it('puts counts of ratings in Hugging Face size buckets', () => {
    expect([0, 999, 1000, 12_747, 99_999, 100_000, 1_274_700].map(sizeCategory)).toEqual(['n<1K', 'n<1K', '1K<n<10K', '10K<n<100K', '10K<n<100K', '100K<n<1M', '1M<n<10M']);
  });

  it('rounds alpha to 3 decimals with its interval, items, raters, replicates and seed', () => {
    const bootstrap = { replicates: 1000, seed: 1, level: 0.95, resampled: 'cases' as const };
    expect(alphaText(figures(0.71234, { lower: 0.65049, upper: 0.77051 }), bootstrap)).toBe('0.712 (95% CI 0.650-0.771; 4,249 options, 29 raters, 1,000 case resamples, seed 1)');
    expect(alphaText(figures(0.1, { lower: -0.0504, upper: 0.2 }), bootstrap)).toContain('95% CI -0.050 to 0.200;');
    expect(alphaText(figures(0.5, null), bootstrap)).toBe('0.500 (no interval: fewer than two clusters or items to resample; 4,249 options, 29 raters, 1,000 case resamples, seed 1)');
    expect(formatCount(1274700)).toBe('1,274,700');
  });

  it('states the counts, simulated raters and ratings with a warning, the override reason and a BibTeX entry', () => {
    const { meta } = testRelease();
    const card = releaseCard(meta);
    const c = meta.counts;
    expect(card).toContain(`- Cases: ${c.cases}; options: ${c.options}; ratings: ${c.ratings}; raters: ${c.raters}.`);
    expect(card).toContain(`- Simulated raters: 1 of ${c.raters}; simulated ratings: ${c.simulated_ratings} of ${c.ratings}.`);
    expect(card).toContain(`> **Warning: ${c.simulated_ratings} of ${c.ratings} ratings come from 1 simulated rater (`);
    expect(card).toContain('> Card010 lacked a rating:\n> the rater left.');
    expect(card).toContain(meta.gold_rule.description);
    expect(card).toContain(`- Overall: ${alphaText(meta.agreement.overall, meta.agreement.bootstrap)}`);
    expect(card).toMatch(/\| Cardiology \(Card\) \| 2 \| 5 \| \d+ \| -?\d\.\d{3} /);
    expect(card).toContain('@misc{study_v2,\n  title = {Harm "study": cardiology \\& allergy (Primum release v2)},\n  year = {2026},');
  });

  it('still states zero simulated ratings, without the warning, when there are none', () => {
    const { meta } = testRelease({ simulated: false });
    meta.counts.simulated_raters = 0;
    const card = releaseCard(meta);
    expect(card).toContain(`- Simulated raters: 0 of ${meta.counts.raters}; simulated ratings: 0 of ${meta.counts.ratings}.`);
    expect(card).not.toContain('Warning');
  });
});
