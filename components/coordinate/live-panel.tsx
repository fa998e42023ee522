'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useProjectEvents } from '@/components/coordinate/use-project-events';
import { LocalTime } from '@/components/ui/local-time';
import { FEW_OPTIONS } from '@/lib/agreement-view/precision';
import type { LiveSummary } from '@/lib/projects/overview';

function formatAlpha(alpha: LiveSummary['alphaOrdinal']): string {
  return alpha.value === null ? 'n/a' : alpha.value.toFixed(3);
}

/** Progress and agreement, pushed by the server (SSE) whenever a rating is saved anywhere. */
export function LivePanel({ slug, initial }: { slug: string; initial: LiveSummary }) {
  // Pushed summaries and server re-renders (after an import or a lock) both bring new figures:
  // show whichever was computed last.
  const [pushed, setPushed] = useState<LiveSummary | null>(null);
  const summary = pushed && pushed.computedAt > initial.computedAt ? pushed : initial;
  const router = useRouter();
  const lastDone = useRef(initial.ratings.done);
  // Server-rendered parts (case table, progress, pace, physicians, quality) follow the pushed
  // counts; refreshes are coalesced: at most one in flight per second, the last change always lands.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRefresh = useRef(0);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const scheduleRefresh = () => {
    if (timer.current) return;
    const wait = Math.max(0, lastRefresh.current + 1000 - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      lastRefresh.current = Date.now();
      router.refresh();
    }, wait);
  };
  const connected = useProjectEvents(slug, (next) => {
    setPushed(next);
    if (next.ratings.done !== lastDone.current) {
      lastDone.current = next.ratings.done;
      scheduleRefresh();
    }
  });
  // A refresh while the stream is down (e.g. the database restarting) would re-render the page
  // without its database and leave it; it waits for the stream, whose first figures bring it back.
  useEffect(() => {
    if (connected || !timer.current) return;
    clearTimeout(timer.current);
    timer.current = null;
    lastDone.current = -1;
  }, [connected]);

  const { done, expected } = summary.ratings;
  const percent = expected === 0 ? 0 : Math.round((100 * done) / expected);
  return (
    <section aria-labelledby="live-title" data-testid="live-panel" data-computed-at={summary.computedAt} className="grid gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-3">
      <div className="sm:col-span-3 flex items-center justify-between">
        <h2 id="live-title" className="font-semibold">Progress and agreement</h2>
        <span className="text-xs text-slate-600" data-testid="live-status">
          <span aria-hidden className={`mr-1 inline-block h-2 w-2 rounded-full ${connected ? 'bg-emerald-600' : 'bg-amber-500'}`} />
          {connected ? 'Live' : 'Reconnecting…'} · updated <LocalTime iso={summary.computedAt} style="time" />
        </span>
      </div>
      <div>
        <p className="text-sm text-slate-600">Ratings done</p>
        <p className="text-2xl font-bold" data-testid="ratings-done">{done} / {expected}</p>
        <progress className="mt-1 h-2 w-full" max={Math.max(expected, 1)} value={done} aria-label={`${percent}% of expected ratings done`} />
      </div>
      <div>
        <p className="text-sm text-slate-600">Krippendorff&apos;s alpha (ordinal)</p>
        <p className="text-2xl font-bold" data-testid="alpha-ordinal">{formatAlpha(summary.alphaOrdinal)}</p>
        <p className="text-xs text-slate-600">
          {summary.alphaOrdinal.value === null ? (summary.alphaOrdinal.reason ?? 'not enough ratings yet') : `over ${summary.options.pairable} option(s) with 2+ ratings`}
          {summary.alphaOrdinal.value !== null && summary.options.pairable < FEW_OPTIONS ? (
            <span className="ml-1 rounded bg-amber-100 px-1 font-medium text-amber-900" data-testid="imprecise">⚠ too few options to mean much</span>
          ) : null}
        </p>
      </div>
      <div>
        <p className="text-sm text-slate-600">Cases</p>
        <p className="text-sm" data-testid="case-counts">
          {summary.cases.total} total · {summary.cases.complete} fully rated · {summary.cases.locked} locked ·{' '}
          <span className={summary.cases.waiting > 0 ? 'font-semibold text-amber-800' : ''}>{summary.cases.waiting} waiting for physicians</span>
        </p>
      </div>
    </section>
  );
}
