/**
 * Draws a chart at most once per animation frame, and only the newest figure: figures that
 * arrive while one waits for its frame or is being drawn replace each other. A burst of live
 * updates (new trades, a new mark price and new realised liquidations in one release) then
 * costs one redraw instead of one per update, and a stale figure is never drawn after a
 * newer one. A hidden tab gets no frames, so it draws nothing until it is shown again.
 */
export interface Frames {
  request(fn: () => void): void;
}

export const animationFrames: Frames = { request: (fn) => void requestAnimationFrame(() => fn()) };

export class LatestPerFrame<T> {
  private next: { item: T } | null = null;
  private drawing = false;
  private stopped = false;

  /** `draw` handles its own failures; the next figure is drawn after it settles either way. */
  constructor(
    private readonly draw: (item: T) => Promise<void>,
    private readonly frames: Frames = animationFrames,
  ) {}

  push(item: T): void {
    const waiting = this.next !== null;
    this.next = { item };
    // A frame is already asked for, or the draw under way asks for one when it ends.
    if (!waiting && !this.drawing) this.frames.request(() => void this.run());
  }

  /** Nothing more is drawn (the chart is gone). */
  stop(): void {
    this.stopped = true;
    this.next = null;
  }

  private async run(): Promise<void> {
    const next = this.next;
    this.next = null;
    if (!next || this.stopped) return;
    this.drawing = true;
    try {
      await this.draw(next.item);
    } finally {
      this.drawing = false;
      if (this.next && !this.stopped) this.frames.request(() => void this.run());
    }
  }
}
