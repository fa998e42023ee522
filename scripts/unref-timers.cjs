// Loaded with `node --require` around the Prisma CLI: its WASM schema engine leaves 10 s / 60 s
// timers pending after the work is done, so the CLI would idle before exiting. Long timers are
// unref'd so the process exits as soon as the real work is over.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = originalSetTimeout(callback, ms, ...args);
  if (typeof ms === 'number' && ms >= 5000 && timer && typeof timer.unref === 'function') timer.unref();
  return timer;
};
