/**
 * A trailing debounce capped by a maximum wait: `fn` runs once `waitMs` pass without a new
 * trigger, but never later than `maxWaitMs` after the first trigger it answers. A plain debounce
 * restarts on every trigger, so a steady stream of changes (one per 50 ms, say) would postpone it
 * forever; the cap keeps results flowing under any load. Uses only timers, no clock.
 */
export function debounceWithMaxWait(fn: () => void, options: { waitMs: number; maxWaitMs: number }): { trigger: () => void; cancel: () => void } {
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let cap: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    clearTimeout(quiet);
    clearTimeout(cap);
    quiet = cap = undefined;
  };
  const fire = () => {
    cancel();
    fn();
  };
  const trigger = () => {
    clearTimeout(quiet);
    quiet = setTimeout(fire, options.waitMs);
    cap ??= setTimeout(fire, options.maxWaitMs);
  };
  return { trigger, cancel };
}
