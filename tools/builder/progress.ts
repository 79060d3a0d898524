/**
 * Terminal progress for anything slower than a second: one status line, rewritten in place
 * on a terminal, or printed at most every few seconds when the output is a file or pipe.
 */
export class Progress {
  private started = Date.now();
  private lastPrint = 0;
  private shown = false;
  private readonly tty: boolean;

  constructor(private readonly enabled: boolean, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  /** Starts timing a new task (its status is shown once it has run for a second). */
  start(): void {
    this.started = Date.now();
    this.lastPrint = 0;
  }

  update(text: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 1000 || now - this.lastPrint < (this.tty ? 250 : 5000)) return;
    this.lastPrint = now;
    if (this.tty) {
      this.stream.write(`\r\x1b[K${text}`);
      this.shown = true;
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  /** Clears the status line before a normal line is printed. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

export function rate(n: number, seconds: number): string {
  if (seconds <= 0) return '-';
  const r = n / seconds;
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : r >= 1e3 ? `${(r / 1e3).toFixed(1)} k/s` : `${r.toFixed(0)}/s`;
}

export function count(n: number): string {
  return n.toLocaleString('en');
}
