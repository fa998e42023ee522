/**
 * Benchmark of model evaluation (issue 10): 31 models x 330 judged records (30 cases x 11 variants:
 * the 24 open NOHARM rubrics plus 6 synthetic ones shaped like them) parsed from JSONL text, scored
 * with every metric and aggregated with B = 2000 bootstrap intervals, in one process.
 * Run: npm run bench:evaluation. Prints the median of 5 runs of each phase and the peak RSS. Not a test.
 */
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '@/lib/agreement/prng';
import { aggregateModel, parseJudgedJsonl, rubricOf, scoreRecord, type EvalRubric, type JudgedRecord, type RecordScore } from '@/lib/evaluation';
import { computeEvaluation, type ScoringCase } from '@/lib/evaluations/compute';
import { allNoharmFiles } from '@/test/noharm';

const MODELS = 31;
const VARIANTS = 11;
const RUNS = 5;
const REPLICATES = 2000;

const random = mulberry32(10);
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];

const open = allNoharmFiles().map((file) => rubricOf(JSON.parse(file.content), file.name));
// The open rubrics' scores, drawn from for the synthetic ones so their share of scores is NOHARM's.
const scorePool = open.flatMap((r) => r.options.map((o) => o.score ?? 5));
const synthetic: EvalRubric[] = Array.from({ length: 6 }, (_, i) => ({
  caseId: `Syn${String(i + 1).padStart(3, '0')}`,
  options: Array.from({ length: 42 }, (_, o) => ({
    id: o + 1,
    score: pick(scorePool),
    // A few alternative pairs and one dependsOn per case, as the open rubrics have.
    ...(o === 10 || o === 11 ? { abstraction: 'alternative A', abstractionType: 'alternative' } : {}),
    ...(o === 20 ? { dependsOn: [20] } : {}),
  })),
}));
const rubrics = new Map([...open, ...synthetic].map((r) => [r.caseId, r]));

/** One judged line: a model of skill `skill` (0-1) matches appropriate options more, harmful ones less. */
function judgedLine(rubric: EvalRubric, variant: number, skill: number): string {
  const options = rubric.options.map((o) => {
    const s = o.score ?? 5;
    const chance = s >= 7 ? 0.3 + 0.6 * skill : s <= 3 ? 0.15 * (1 - skill) : 0.25;
    const matched = random() < chance;
    return { id: o.id, matched, partial: matched && random() < 0.15 };
  });
  const matched = options.filter((o) => o.matched).map((o) => o.id);
  const responseActions: Array<{ match: string; score?: number }> = [];
  for (let at = 0, step = 1; at < matched.length; at += step, step = random() < 0.8 ? 1 : 2) responseActions.push({ match: matched.slice(at, at + step).join(',') });
  for (let k = Math.floor(random() * 6); k > 0; k--) responseActions.push(random() < 0.5 ? { match: '' } : { match: '', score: 1 + Math.floor(random() * 9) });
  const id = variant === 0 ? rubric.caseId : `${rubric.caseId}-${variant - 1}`;
  return JSON.stringify({ id, trial: 0, options, responseActions, response_len: 600 + Math.floor(random() * 2400), judge: 'bench' });
}

const texts = Array.from({ length: MODELS }, (_, m) => {
  const skill = m / (MODELS - 1);
  return [...rubrics.values()].flatMap((rubric) => Array.from({ length: VARIANTS }, (_, v) => judgedLine(rubric, v, skill))).join('\n');
});

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

const times = { parse: [] as number[], score: [] as number[], aggregate: [] as number[] };
let check = 0;
for (let run = 0; run < RUNS; run++) {
  let start = performance.now();
  const parsed = texts.map((text, m) => parseJudgedJsonl(text, `model${m}_judged.jsonl`, rubrics));
  times.parse.push(performance.now() - start);
  if (parsed.some((p) => p.errors.length > 0 || p.records.length !== rubrics.size * VARIANTS)) throw new Error('the generated records did not parse');

  start = performance.now();
  const scored: RecordScore[][] = parsed.map((p) => p.records.map((r: JudgedRecord) => scoreRecord(rubrics.get(r.id.replace(/-\d+$/, ''))!, r)));
  times.score.push(performance.now() - start);

  start = performance.now();
  const models = scored.map((scores, m) => aggregateModel(parsed[m].model, scores, { bootstrap: REPLICATES, seed: 0 }));
  times.aggregate.push(performance.now() - start);
  check += models.reduce((sum, model) => sum + (model.metrics.F1_weighted?.mean ?? 0), 0);
}

// What the Evaluations page computes when a coordinator scores the models against a release: every
// figure twice (release gold and reference scores), overall and per specialty (the case id's
// letters). Here the gold differs from the reference on every tenth option.
const cases: ScoringCase[] = [...rubrics.values()].map((rubric) => ({
  dbId: rubric.caseId,
  caseId: rubric.caseId,
  specialty: { code: rubric.caseId.replace(/\d+$/, ''), name: rubric.caseId.replace(/\d+$/, '') },
  options: rubric.options.map((o, i) => ({
    id: o.id, text: '', category: '', abstraction: o.abstraction ?? null, abstractionType: o.abstractionType ?? null, dependsOn: [...(o.dependsOn ?? [])],
    referenceScore: o.score, goldScore: i % 10 === 0 && o.score !== null ? 10 - o.score : o.score,
  })),
}));
const scoringModels = texts.map((text, m) => ({ id: `m${m}`, name: `model${m}`, records: parseJudgedJsonl(text, `model${m}_judged.jsonl`, rubrics).records }));
const product: number[] = [];
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  const result = computeEvaluation({ cases, models: scoringModels, bootstrap: REPLICATES, seed: 0 });
  product.push(performance.now() - start);
  if (result.boards.gold.overall.length !== MODELS) throw new Error('the evaluation lost a model');
}

const [parse, score, aggregate] = [median(times.parse), median(times.score), median(times.aggregate)];
const lines = [
  `machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`,
  `${MODELS} models x ${rubrics.size * VARIANTS} judged records (${rubrics.size} cases x ${VARIANTS} variants, ${open.length} open + ${synthetic.length} synthetic rubrics), ${texts.reduce((n, t) => n + t.length, 0).toLocaleString('en')} characters of JSONL`,
  `median of ${RUNS} runs: parse ${parse.toFixed(0)} ms, score ${score.toFixed(0)} ms, aggregate (18 metrics, B = ${REPLICATES}) ${aggregate.toFixed(0)} ms, total ${(parse + score + aggregate).toFixed(0)} ms`,
  `runs (ms): parse ${times.parse.map((t) => t.toFixed(0)).join(' ')}; score ${times.score.map((t) => t.toFixed(0)).join(' ')}; aggregate ${times.aggregate.map((t) => t.toFixed(0)).join(' ')}`,
  `the product's evaluation (records already parsed; both variants, overall and ${new Set(cases.map((c) => c.specialty.code)).size} specialties, B = ${REPLICATES}): median of 3 ${median(product).toFixed(0)} ms (runs ${product.map((t) => t.toFixed(0)).join(' ')})`,
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; mean F1_weighted over models and runs ${(check / (RUNS * MODELS)).toFixed(4)}`,
];
console.log(lines.join('\n'));
