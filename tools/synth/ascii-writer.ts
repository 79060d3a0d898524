/**
 * Builds CSV text as bytes, straight into 1 MB buffers: string concatenation for tens of
 * millions of lines keeps long ropes alive and the garbage collector takes most of the time.
 */
const CHUNK = 1 << 20;
const MAX_LINE = 256;

export class AsciiWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;

  /** True when the current chunk should be taken (room for less than one more line). */
  get full(): boolean {
    return this.pos > CHUNK - MAX_LINE;
  }

  /** Hands over the bytes written so far and starts a new chunk. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.pos = 0;
    return out;
  }

  get length(): number {
    return this.pos;
  }

  text(s: string): void {
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer (exact up to 2^53). */
  uint(n: number): void {
    let len = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
    this.digits(n, len);
  }

  /** `units * 10^-decimals` as a decimal, without floating-point formatting. */
  fixed(units: number, decimals: number): void {
    if (decimals === 0) return this.uint(units);
    let len = 1;
    for (let x = units; x >= 10; x = Math.floor(x / 10)) len++;
    const intLen = Math.max(1, len - decimals);
    // Digits of the integer part, then '.', then exactly `decimals` digits.
    const scale = 10 ** decimals;
    this.digits(Math.floor(units / scale), intLen);
    this.byte(46);
    this.digits(units % scale, decimals);
  }

  /** Writes n as exactly `len` digits (zero-padded). */
  private digits(n: number, len: number): void {
    const b = this.buf;
    for (let i = this.pos + len - 1; i >= this.pos; i--) {
      b[i] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.pos += len;
  }
}
