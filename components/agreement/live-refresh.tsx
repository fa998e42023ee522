'use client';

import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { useProjectEvents } from '@/components/coordinate/use-project-events';

/** Re-renders the server-computed view whenever a rating of the project changes anywhere. */
export function LiveRefresh({ slug, computedFor }: { slug: string; computedFor: string }) {
  const router = useRouter();
  const seen = useRef<string | null>(null);
  const connected = useProjectEvents(slug, (summary) => {
    const version = `${summary.ratings.done}:${summary.computedAt}`;
    // The first message describes the state this page was rendered from.
    if (seen.current !== null) router.refresh();
    seen.current = version;
  }, 'agreement');
  return (
    <p className="text-xs text-slate-600" data-testid="agreement-live" aria-live="polite">
      <span aria-hidden className={`mr-1 inline-block h-2 w-2 rounded-full ${connected ? 'bg-emerald-600' : 'bg-amber-500'}`} />
      {connected ? 'Live' : 'Reconnecting…'} · computed from {computedFor}
    </p>
  );
}
