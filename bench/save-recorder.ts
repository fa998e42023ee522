import { performance } from 'node:perf_hooks';
import type { Page } from '@playwright/test';

/** One POST /api/ratings as the browser sent it: its answer (HTTP status, or 0 for a network error). */
export type Attempt = { at: number; status: number; outcome?: string };

/**
 * Every save request a rating page sends, by client id: a retry of a save carries the same id, so
 * a save whose first attempt failed and a later one succeeded was landed by the retry queue.
 */
export class SaveRecorder {
  readonly attempts = new Map<string, Attempt[]>();

  watch(page: Page): void {
    const idOf = (body: string | null): string | null => {
      try {
        return (JSON.parse(body ?? '') as { clientId?: string }).clientId ?? null;
      } catch {
        return null;
      }
    };
    const isSave = (url: string, method: string) => method === 'POST' && new URL(url).pathname === '/api/ratings';
    const add = (id: string | null, attempt: Attempt) => {
      if (id) this.attempts.set(id, [...(this.attempts.get(id) ?? []), attempt]);
    };
    page.on('requestfinished', async (request) => {
      if (!isSave(request.url(), request.method())) return;
      const at = performance.now();
      const response = await request.response();
      const status = response?.status() ?? 0;
      const body = status === 200 ? ((await response!.json().catch(() => null)) as { outcome?: string } | null) : null;
      add(idOf(request.postData()), { at, status, outcome: body?.outcome });
    });
    page.on('requestfailed', (request) => {
      if (isSave(request.url(), request.method())) add(idOf(request.postData()), { at: performance.now(), status: 0 });
    });
  }

  /** Figures over every save: first attempts that failed, and whether each finally landed. */
  summary() {
    const all = [...this.attempts.values()];
    const failed = (a: Attempt) => a.status !== 200;
    const retried = all.filter((list) => failed(list[0]));
    const failures = all.flatMap((list) => list.filter(failed));
    return {
      saves: all.length,
      requests: all.reduce((n, list) => n + list.length, 0),
      failedFirst: retried.length,
      failedFirstLanded: retried.filter((list) => !failed(list.at(-1)!)).length,
      notLanded: all.filter((list) => failed(list.at(-1)!)).length,
      duplicates: all.filter((list) => list.some((a) => a.outcome === 'duplicate')).length,
      statuses: [...new Set(failures.map((a) => a.status))].sort(),
      firstFailureAt: failures.length ? Math.min(...failures.map((a) => a.at)) : null,
      lastFailureAt: failures.length ? Math.max(...failures.map((a) => a.at)) : null,
      lastRetryLandedAt: retried.length ? Math.max(...retried.map((list) => list.at(-1)!.at)) : null,
    };
  }
}
