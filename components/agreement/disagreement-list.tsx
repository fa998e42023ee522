import Link from 'next/link';
import type { AgreementSnapshot } from '@/lib/agreement-view/snapshot';
import type { OptionLabel } from '@/lib/agreement-view/service';

/** In words, which RAND/UCLA test flagged the option, with the figures that test used. */
export function disagreementReason(item: Pick<AgreementSnapshot['disagreements'][number], 'disagreement_rule' | 'ipr' | 'ipras' | 'n'>): string {
  const ipr = `IPR ${item.ipr?.toFixed(1)} > IPRAS ${item.ipras?.toFixed(2)}`;
  const extremes = `small panel (${item.n} ratings): a rating in 1-3 and one in 7-9`;
  if (item.disagreement_rule === 'both') return `${extremes}; also ${ipr}`;
  if (item.disagreement_rule === 'ipr') return ipr;
  return extremes;
}

/** Options in RAND/UCLA disagreement, each linked to the option in its case, with the test that flagged it. */
export function DisagreementList({ slug, items, options }: { slug: string; items: AgreementSnapshot['disagreements']; options: Record<string, OptionLabel> }) {
  if (items.length === 0) return <p className="text-sm text-slate-600">No option is in disagreement.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="disagreements">
      {items.map((item) => {
        const option = options[item.item];
        if (!option) return null;
        return (
          <li key={item.item} className="py-2">
            <Link href={`/projects/${slug}/cases/${option.caseExternalId}#option-${option.number}`} className="font-medium text-sky-800 hover:underline">
              {option.caseExternalId} · option {option.number}
            </Link>{' '}
            <span className="text-slate-800">{option.text}</span>
            <span className="block text-xs text-slate-600">
              {option.category} · scores {item.scores.join(', ')} · median {item.median} · <span data-testid="disagreement-rule">flagged by {disagreementReason(item)}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
