import { noharmFile } from '@/test/noharm';

/** The options of an open NOHARM rubric, in rubric order, with their published scores. */
export function rubricOptions(caseId: string): Array<{ id: number; score: number | null }> {
  return (JSON.parse(noharmFile(caseId).content) as { options: Array<{ id: number; score: number | null }> }).options;
}

/**
 * One line of a `<model>_judged.jsonl` as NOHARM's judge writes it, for an open case or a
 * perturbation of it (`Card001-2`): a verdict for every rubric option (matched where listed, none
 * partial) and one plan action per matched option.
 */
export function judgedLine(id: string, matched: readonly number[], extra: Record<string, unknown> = {}): string {
  const options = rubricOptions(id.replace(/-\d+$/, '')).map((o) => ({ id: o.id, matched: matched.includes(o.id), partial: false }));
  return JSON.stringify({ id, trial: 0, options, responseActions: matched.map((m) => ({ match: String(m) })), response_len: 900, ...extra });
}
