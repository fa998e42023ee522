/**
 * Active time per option: the time an option had the focus while the page was visible and the
 * physician was active. Idle for more than 60 s stops the clock (from the last activity on).
 * Not wall time: a rater who leaves the tab open over lunch does not look slow.
 */
export const IDLE_AFTER_MS = 60_000;

export class ActiveTime {
  private spent = new Map<string, number>();
  private focused: string | null = null;
  private lastMark = Date.now();
  private lastActivity = Date.now();
  private visible = true;

  /** Attribute the time since the last mark to the focused option, if it was active time. */
  private mark(now = Date.now()): void {
    if (this.focused && this.visible) {
      const end = Math.min(now, this.lastActivity + IDLE_AFTER_MS);
      if (end > this.lastMark) this.spent.set(this.focused, (this.spent.get(this.focused) ?? 0) + (end - this.lastMark));
    }
    this.lastMark = now;
  }

  focus(optionId: string | null): void {
    this.mark();
    this.focused = optionId;
  }

  activity(): void {
    const now = Date.now();
    this.mark(now);
    this.lastActivity = now;
  }

  visibility(visible: boolean): void {
    this.mark();
    this.visible = visible;
    if (visible) this.lastActivity = Date.now();
  }

  /** The active ms on the option since it was last taken, and start counting afresh. */
  take(optionId: string): number {
    this.mark();
    const ms = this.spent.get(optionId) ?? 0;
    this.spent.delete(optionId);
    return ms;
  }
}
