/**
 * Keeps a project's agreement snapshot fresh while someone watches it, and only then: at most one
 * recomputation in flight per project, changes arriving meanwhile coalesced into one follow-up,
 * and at most one start every `minIntervalMs`. With no watcher left it stops listening at all.
 */
type ProjectState = { watchers: number; running: boolean; pending: boolean; cooling: ReturnType<typeof setTimeout> | undefined };

export type Refresher = {
  /** Someone watches the project (an open live view); returns the release, idempotent. */
  watch: (projectId: string) => () => void;
  /** Projects watched right now. */
  watched: () => string[];
};

export function createRefresher(options: {
  recompute: (projectId: string) => Promise<unknown>;
  /** Calls back with a project id per committed change (or `everyProject` after a possible gap). */
  subscribe: (onChange: (projectId: string) => void) => Promise<() => void>;
  everyProject: string;
  minIntervalMs: number;
}): Refresher {
  const projects = new Map<string, ProjectState>();
  let subscription: Promise<(() => void) | null> | null = null;

  const start = (projectId: string, state: ProjectState) => {
    state.pending = false;
    state.running = true;
    state.cooling = setTimeout(() => {
      state.cooling = undefined;
      follow(projectId, state);
    }, options.minIntervalMs);
    state.cooling.unref?.();
    options
      .recompute(projectId)
      .catch((error) => console.error('[agreement] recompute failed', error))
      .finally(() => {
        state.running = false;
        follow(projectId, state);
      });
  };
  const follow = (projectId: string, state: ProjectState) => {
    if (state.watchers === 0) {
      if (!state.running && projects.get(projectId) === state) projects.delete(projectId);
      return;
    }
    if (state.pending && !state.running && !state.cooling) start(projectId, state);
  };
  const changed = (projectId: string) => {
    const ids = projectId === options.everyProject ? [...projects.keys()] : [projectId];
    for (const id of ids) {
      const state = projects.get(id);
      if (!state || state.watchers === 0) continue;
      state.pending = true;
      follow(id, state);
    }
  };
  const total = () => [...projects.values()].reduce((sum, s) => sum + s.watchers, 0);

  const watch = (projectId: string) => {
    let state = projects.get(projectId);
    if (!state) projects.set(projectId, (state = { watchers: 0, running: false, pending: false, cooling: undefined }));
    state.watchers += 1;
    subscription ??= options.subscribe(changed).catch((error) => {
      console.error('[agreement] cannot listen for rating changes', error);
      subscription = null;
      return null;
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.watchers -= 1;
      if (state.watchers === 0) {
        state.pending = false;
        clearTimeout(state.cooling);
        state.cooling = undefined;
        follow(projectId, state);
      }
      if (total() === 0 && subscription) {
        const ending = subscription;
        subscription = null;
        void ending.then((unsubscribe) => unsubscribe?.());
      }
    };
  };
  return { watch, watched: () => [...projects].filter(([, s]) => s.watchers > 0).map(([id]) => id) };
}
