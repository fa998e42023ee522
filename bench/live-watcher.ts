import { performance } from 'node:perf_hooks';
import type { Page } from '@playwright/test';
import type { Restart } from './own-postgres';

type State = { at: number; text: string };

/**
 * The coordinator page's live indicator (`live-status`: "Live" or "Reconnecting…"), read every
 * 100 ms from the DOM: when it left "Live" and when it came back.
 */
export class LiveWatcher {
  private states: State[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly page: Page) {}

  private read(): Promise<string> {
    return this.page.evaluate(() => document.querySelector('[data-testid="live-status"]')?.textContent ?? '').catch(() => '');
  }

  /** Wait until the indicator says `state`; false if it did not within `timeoutMs`. */
  async waitFor(state: 'Live', timeoutMs: number): Promise<boolean> {
    return this.page.getByTestId('live-status').filter({ hasText: state }).waitFor({ timeout: timeoutMs }).then(() => true, () => false);
  }

  /** A screenshot of the page, for the report. */
  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file, fullPage: false });
  }

  /** Marks the document: a page that reloaded or left (e.g. to the sign-in page) did not recover by itself. */
  async start(): Promise<void> {
    const path = new URL(this.page.url()).pathname;
    await this.page.evaluate(() => ((window as unknown as { benchSameDocument?: boolean }).benchSameDocument = true));
    this.page.on('framenavigated', (frame) => {
      const now = new URL(frame.url()).pathname;
      if (frame === this.page.mainFrame() && now !== path) this.states.push({ at: performance.now(), text: `navigated to ${now}` });
    });
    this.timer = setInterval(() => {
      void this.read().then((text) => {
        const label = text.startsWith('Live') ? 'Live' : text.startsWith('Reconnecting') ? 'Reconnecting' : 'no indicator';
        if (this.states.at(-1)?.text !== label) this.states.push({ at: performance.now(), text: label });
      });
    }, 100);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const same = await this.page.evaluate(() => (window as unknown as { benchSameDocument?: boolean }).benchSameDocument === true).catch(() => false);
    if (!same) this.states.push({ at: performance.now(), text: 'navigated (a new document)' });
  }

  /** Did it leave "Live" during the outage, and come back to "Live" by itself afterwards? */
  summary(restart: Restart): { ok: boolean; text: string } {
    const down = this.states.find((s) => s.text === 'Reconnecting' && s.at >= restart.stopAt);
    const back = down ? this.states.find((s) => s.text === 'Live' && s.at > down.at) : undefined;
    const timeline = this.states.map((s) => `${s.text} at ${((s.at - restart.stopAt) / 1000).toFixed(2)} s`).join(', ');
    const navigated = this.states.some((s) => s.text.startsWith('navigated'));
    const ok = Boolean(down && back && down.at <= restart.acceptingAt + 2000 && !navigated);
    return {
      ok,
      text: `${down ? `left "Live" ${((down.at - restart.stopAt) / 1000).toFixed(2)} s after the stop began` : 'never left "Live"'}; ${back ? `back to "Live" ${((back.at - restart.acceptingAt) / 1000).toFixed(2)} s after PostgreSQL accepted again` : 'never came back'} (states relative to the stop: ${timeline})`,
    };
  }
}
