'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * A moment shown in the viewer's own time zone, with the zone named ("30 Nov 2026, 14:05 CET").
 * The server renders UTC (it cannot know the viewer's zone); the browser replaces it on hydration.
 */
export function LocalTime({ iso, style = 'datetime' }: { iso: string; style?: 'datetime' | 'date' | 'time' }) {
  const local = useSyncExternalStore(subscribe, () => formatLocal(iso, style, undefined), () => formatLocal(iso, style, 'UTC'));
  return (
    <time dateTime={iso} title={iso} suppressHydrationWarning>
      {local}
    </time>
  );
}

export function formatLocal(iso: string, style: 'datetime' | 'date' | 'time', timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions =
    style === 'date'
      ? { day: 'numeric', month: 'short', year: 'numeric', timeZone }
      : style === 'time'
        ? { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short', timeZone }
        : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone };
  return new Intl.DateTimeFormat('en-GB', options).format(date);
}
