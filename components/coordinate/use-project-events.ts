'use client';

import { useEffect, useRef, useState } from 'react';
import type { LiveSummary } from '@/lib/projects/overview';

/** Waits before opening a new stream after one was refused: 0.5 s, 1 s, then every 2 s. */
const REOPEN_MS = [500, 1000, 2000];

/**
 * Subscribe to the project's live stream (SSE); returns whether it is live: true from the first
 * summary of a stream until it breaks. The server ends the stream when it loses the database's
 * notifications (e.g. a database restart); the browser then reconnects by itself, and a stream it
 * cannot open (an error answer while the database is down) is opened anew here, with backoff.
 * `view: 'agreement'` tells the server an agreement view is open, so it keeps that project's
 * snapshot fresh meanwhile.
 */
export function useProjectEvents(slug: string, onSummary: (summary: LiveSummary) => void, view?: 'agreement'): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onSummary);
  useEffect(() => {
    handler.current = onSummary;
  });
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let refused = 0;
    const open = () => {
      const current = new EventSource(`/api/projects/${slug}/events${view ? `?view=${view}` : ''}`);
      source = current;
      current.onerror = () => {
        setConnected(false);
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error answer), so retry here.
        if (current.readyState !== EventSource.CLOSED) return;
        current.close();
        timer = setTimeout(open, REOPEN_MS[Math.min(refused, REOPEN_MS.length - 1)]);
        refused += 1;
      };
      // Opening is not enough (the stream may still fail to reach the database): live once figures arrive.
      current.addEventListener('summary', (event) => {
        refused = 0;
        setConnected(true);
        handler.current(JSON.parse((event as MessageEvent<string>).data) as LiveSummary);
      });
    };
    open();
    return () => {
      clearTimeout(timer);
      source?.close();
    };
  }, [slug, view]);
  return connected;
}
