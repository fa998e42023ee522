'use client';

import { useEffect, useState } from 'react';

/**
 * While `pending` saves have not reached the server: warn before the page is left, and tick a clock
 * every second (the queue's banner counts down to the next try). Returns that clock. Used by the
 * rating screen and the judging screen alike.
 */
export function usePendingWarning(pending: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (pending === 0) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      window.removeEventListener('beforeunload', warn);
      clearInterval(tick);
    };
  }, [pending]);
  return now;
}
