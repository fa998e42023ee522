'use client';

import { useEffect } from 'react';

/** Puts the keyboard focus on the element matching `selector` once the page shows (Enter then opens it). */
export function FocusOnMount({ selector }: { selector: string }) {
  useEffect(() => {
    const active = document.activeElement;
    if (active && active !== document.body) return;
    document.querySelector<HTMLElement>(selector)?.focus();
  }, [selector]);
  return null;
}
