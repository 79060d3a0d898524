/**
 * Number and boolean fields read straight from CSV bytes: a BTC month is 50 M lines, and
 * decoding each line to a string first would double the work. Decimals with at most 15
 * significant digits and 22 fraction digits are exact integers divided by an exact power of
 * ten, so the result is the correctly rounded double, as DuckDB's parser gives; anything
 * else (exponents, long mantissas) goes through Number().
 */

export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const SLOW_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const latin1 = new TextDecoder('latin1');

/** The bytes s..e as text (for messages and the slow path). */
export function textAt(b: Uint8Array, s: number, e: number): string {
  return latin1.decode(b.subarray(s, e));
}

function slowNumber(b: Uint8Array, s: number, e: number): number {
  const t = textAt(b, s, e).trim();
  return SLOW_NUMBER.test(t) ? Number(t) : Number.NaN;
}

/** The decimal in b[s..e), or NaN when it is not a number (an empty field is NaN too). */
export function decimalAt(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 45) { neg = true; i++; } else if (b[i] === 43) i++;
  let m = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  for (; i < e; i++) {
    const c = b[i] - 48;
    if (c >= 0 && c <= 9) {
      m = m * 10 + c;
      digits++;
      if (dot) frac++;
    } else if (c === -2 && !dot) dot = true;
    else return slowNumber(b, s, e);
  }
  if (digits === 0) return Number.NaN;
  if (m > Number.MAX_SAFE_INTEGER || frac > 22) return slowNumber(b, s, e);
  const v = frac ? m / POW10[frac] : m;
  return neg ? -v : v;
}

/** 1 for true/t/1, 0 for false/f/0 (any case), -1 otherwise. */
export function booleanAt(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  const c = b[s] | 0x20;
  if (n === 4 && c === 0x74 && (b[s + 1] | 0x20) === 0x72 && (b[s + 2] | 0x20) === 0x75 && (b[s + 3] | 0x20) === 0x65) return 1;
  if (n === 5 && c === 0x66 && (b[s + 1] | 0x20) === 0x61 && (b[s + 2] | 0x20) === 0x6c && (b[s + 3] | 0x20) === 0x73 && (b[s + 4] | 0x20) === 0x65) return 0;
  if (n === 1) {
    if (c === 0x74 || b[s] === 0x31) return 1;
    if (c === 0x66 || b[s] === 0x30) return 0;
  }
  return -1;
}

/** Input that is not a line-based CSV (thrown from the splitter; the reader names the file). */
export class CsvProblem extends Error {}

/** Longer lines are not archive CSV lines (and would otherwise be held whole). */
const MAX_LINE = 1 << 16;

/**
 * Reads one usual line at b[s..] in a single pass, finding its end as it goes: returns the
 * index of its newline, or -1 to leave the line (unread) to the general path (`onLine`). It is
 * only called where a newline follows in `b`, so it can scan for non-digits without bounds checks.
 */
export type FastLine = (b: Uint8Array, s: number) => number;

/**
 * Splits a byte stream into lines without copying: `push` calls `onLine(bytes, start, end,
 * lineNumber)` for each complete line (CR before LF dropped) and keeps only the unfinished tail.
 * With `fast`, each line after the first is offered to it first: a line it reads is not
 * searched for its newline (a second pass over every byte) nor handed to `onLine`.
 */
export class LineSplitter {
  private carry: Uint8Array | null = null;
  private line = 0;

  constructor(private readonly onLine: (b: Uint8Array, s: number, e: number, line: number) => void, private readonly fast?: FastLine) {}

  get lines(): number {
    return this.line;
  }

  push(chunk: Uint8Array): void {
    let b = chunk;
    if (this.carry) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carry = concat(this.carry, chunk);
        if (this.carry.length > MAX_LINE) throw new CsvProblem(`line ${this.line + 1} is longer than 64 kB: not an archive CSV`);
        return;
      }
      const head = concat(this.carry, chunk.subarray(0, nl + 1));
      this.carry = null;
      this.emit(head, 0, head.length - 1);
      b = chunk.subarray(nl + 1);
    }
    let s = 0;
    const fast = this.fast;
    const lastNl = fast ? b.lastIndexOf(10) : -1;
    while (s < b.length) {
      if (s <= lastNl && this.line > 0) {
        const nl = fast!(b, s);
        if (nl >= 0) {
          this.line++;
          s = nl + 1;
          continue;
        }
      }
      const nl = b.indexOf(10, s);
      if (nl < 0) break;
      this.emit(b, s, nl);
      s = nl + 1;
    }
    if (s < b.length) this.carry = b.slice(s);
    if (this.carry && this.carry.length > MAX_LINE) throw new CsvProblem(`line ${this.line + 1} is longer than 64 kB: not an archive CSV`);
  }

  /** The last line, when the file does not end with a newline. */
  end(): void {
    if (this.carry) {
      const c = this.carry;
      this.carry = null;
      this.emit(c, 0, c.length);
    }
  }

  private emit(b: Uint8Array, s: number, e: number): void {
    this.line++;
    if (e > s && b[e - 1] === 13) e--;
    this.onLine(b, s, e, this.line);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
