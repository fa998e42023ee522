import Link from 'next/link';
import type { AgreementSnapshot } from '@/lib/agreement-view/snapshot';
import type { OptionLabel } from '@/lib/agreement-view/service';

/** Options in RAND/UCLA disagreement, each linked to the option in its case. */
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
              {option.category} · scores {item.scores.join(', ')} · median {item.median} · IPR {item.ipr?.toFixed(1)} vs IPRAS {item.ipras?.toFixed(2)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
