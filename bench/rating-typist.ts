import type { Page } from '@playwright/test';
import { mulberry32 } from './random';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True once no row of the rating page waits for the server ("Saving…", "not saved yet"). */
export async function waitAllSaved(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid="queue-message"]') &&
      ![...document.querySelectorAll('[data-testid$="-status"]')].some((el) => /Saving|not saved yet/.test(el.textContent ?? '')),
    undefined,
    { polling: 200, timeout: timeoutMs },
  );
}

/**
 * One physician on the rating screen: digit keys at a human pace for the focused option (the page
 * then moves on), now and then a click re-scoring an option already scored, the next case once
 * one is complete and saved. Keeps every score given, in order, per option: the database must end
 * with the last one, and the history with exactly this sequence.
 */
export class RatingTypist {
  /** Scores given per option id, oldest first (each one a save: a score equal to the current one is never given). */
  readonly given = new Map<string, number[]>();
  presses = 0;
  /** Presses the page did not show on the option the bench aimed at (a lost key, or a wrong aim). */
  readonly unshown: string[] = [];
  private readonly random: () => number;
  private caseIndex = -1;
  private scored = new Set<string>();
  private optionsInCase = 0;

  constructor(readonly page: Page, private readonly base: string, private readonly cases: string[], seed: number, private readonly pause: [number, number]) {
    this.random = mulberry32(seed);
  }

  /** Open the next case and wait until it is interactive (the focused option holds the keyboard). */
  async openNextCase(): Promise<boolean> {
    this.caseIndex += 1;
    if (this.caseIndex >= this.cases.length) return false;
    await this.page.goto(`${this.base}/rate/${this.cases[this.caseIndex]}`);
    await this.page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.row !== undefined, undefined, { polling: 100 });
    this.optionsInCase = await this.page.locator('[role="radiogroup"][data-row]').count();
    this.scored = new Set();
    return true;
  }

  /** Type until `stop()` says so (checked between presses). */
  async type(stop: () => boolean): Promise<void> {
    while (!stop()) {
      await sleep(this.pause[0] + this.random() * (this.pause[1] - this.pause[0]));
      if (stop()) return;
      if (this.scored.size === this.optionsInCase) {
        await waitAllSaved(this.page, 300_000);
        if (!(await this.openNextCase())) return;
        continue;
      }
      await this.scoreOne();
    }
  }

  private pick(current: number | undefined): number {
    const choices = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((s) => s !== current);
    return choices[Math.floor(this.random() * choices.length)];
  }

  private async scoreOne(): Promise<void> {
    let optionId: string;
    if (this.scored.size > 0 && this.random() < 0.15) {
      // Change one's mind: click another score on an option scored earlier.
      const done = [...this.scored];
      optionId = done[Math.floor(this.random() * done.length)];
      const score = this.pick(this.given.get(optionId)?.at(-1));
      await this.page.locator(`[role="radiogroup"][aria-labelledby="opt-${optionId}"] [role="radio"]`).nth(score - 1).click();
      await this.record(optionId, score, 'click');
      return;
    }
    optionId = await this.page.evaluate(() => document.querySelector('li[data-focused] p[id^="opt-"]')?.id.slice(4) ?? '');
    if (!optionId) throw new Error('no focused option on the rating page');
    const score = this.pick(this.given.get(optionId)?.at(-1));
    await this.page.keyboard.press(String(score));
    await this.record(optionId, score, 'key');
  }

  /**
   * Count the score as given once the option shows it ("Saving 7…", "Score 7: not saved yet",
   * "Saved: 7"): the same render moves the focus, so the next aim reads the page's real focus.
   */
  private async record(optionId: string, score: number, how: 'key' | 'click'): Promise<void> {
    this.presses += 1;
    const shown = await this.page
      .waitForFunction(
        ([id, s]) => new RegExp(`^(Saving ${s}…|Score ${s}: not saved yet|Saved: ${s})$`).test(document.getElementById(`opt-${id}-status`)?.textContent ?? ''),
        [optionId, score] as const,
        { polling: 50, timeout: 60_000 },
      )
      .then(() => true, () => false);
    if (!shown) {
      const status = await this.page.evaluate((id) => document.getElementById(`opt-${id}-status`)?.textContent ?? '(no status)', optionId);
      this.unshown.push(`${optionId}: ${how === 'key' ? 'key' : 'clicked'} ${score}, the page shows "${status}"`);
      return;
    }
    this.scored.add(optionId);
    this.given.set(optionId, [...(this.given.get(optionId) ?? []), score]);
  }
}
