'use client';

import { useEffect, useRef, useState } from 'react';
import type { LiveSummary } from '@/lib/projects/overview';

/**
 * Subscribe to the project's live stream (SSE); returns whether it is connected. `view: 'agreement'`
 * tells the server an agreement view is open, so it keeps that project's snapshot fresh meanwhile.
 */
export function useProjectEvents(slug: string, onSummary: (summary: LiveSummary) => void, view?: 'agreement'): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onSummary);
  useEffect(() => {
    handler.current = onSummary;
  });
  useEffect(() => {
    const source = new EventSource(`/api/projects/${slug}/events${view ? `?view=${view}` : ''}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('summary', (event) => {
      setConnected(true);
      handler.current(JSON.parse((event as MessageEvent<string>).data) as LiveSummary);
    });
    return () => source.close();
  }, [slug, view]);
  return connected;
}
