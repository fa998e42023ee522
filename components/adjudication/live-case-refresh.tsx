'use client';

import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { useProjectEvents } from '@/components/coordinate/use-project-events';

/** Re-renders the case review page when a rating or an adjudication of the project commits. */
export function LiveCaseRefresh({ slug }: { slug: string }) {
  const router = useRouter();
  const first = useRef(true);
  const connected = useProjectEvents(slug, () => {
    // The first message describes the state this page was rendered from.
    if (!first.current) router.refresh();
    first.current = false;
  });
  return (
    <p className="text-xs text-slate-600" data-testid="case-live" aria-live="polite">
      <span aria-hidden className={`mr-1 inline-block h-2 w-2 rounded-full ${connected ? 'bg-emerald-600' : 'bg-amber-500'}`} />
      {connected ? 'Live: ratings and adjudications appear as they land' : 'Reconnecting…'}
    </p>
  );
}
