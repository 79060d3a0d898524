/**
 * The address bar following a view that changes without a new history entry (a zoom, a pan):
 * written at most every WRITE_MS, the last change always, because a pan's every step changes it
 * and browsers refuse a burst of history calls (Chrome ignores them past ~200 in 10 s, Safari throws).
 */
export const WRITE_MS = 250;

export class LinkWriter {
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `search`: the view's query string now ('' for the bare page). */
  constructor(private readonly search: () => string) {}

  /** The view changed: the address follows within WRITE_MS. */
  replace(): void {
    this.#timer ??= setTimeout(() => this.flush(), WRITE_MS);
  }

  /** Writes a pending change now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const search = this.search();
    if (search !== location.search) history.replaceState(history.state, '', search || location.pathname);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
