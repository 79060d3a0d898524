/**
 * Reads a zip as it streams past, never holding it: local headers in order, the one CSV entry
 * inflated (native DecompressionStream or fflate) and handed on chunk by chunk with its CRC checked
 * (by the platform's zlib on the native path), other entries skipped,
 * and at the end the archive comment (the synthetic marker) from the end record.
 */
import { createInflater, type Inflater } from './inflater.ts';
import { crc32 } from './crc32.ts';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;
const U32_MAX = 0xffffffff;
/** What follows the last entry (central directory and end record) is kept up to this size. */
const TAIL_MAX = 1 << 20;

export class ZipProblem extends Error {}

interface Entry {
  name: string;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  wanted: boolean;
}

const u16 = (b: Uint8Array, p: number) => b[p] | (b[p + 1] << 8);
const u32 = (b: Uint8Array, p: number) => (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, p: number) => u32(b, p) + u32(b, p + 4) * 2 ** 32;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export class ZipStream {
  /** Bytes of a header or the tail not yet complete. */
  private pending: Uint8Array = new Uint8Array(0);
  private entry: Entry | null = null;
  private left = 0;
  private inflate: Inflater | null = null;
  private crc = 0;
  private produced = 0;
  private inTail = false;
  private csvs: string[] = [];
  comment = '';

  /** `wants(name)` picks the entry to inflate (the CSV); `onData` receives its bytes. */
  /** `native` false forces the JS inflater (tests of both paths). */
  constructor(private readonly wants: (name: string) => boolean, private readonly onData: (b: Uint8Array) => void, private readonly native?: boolean) {}

  /** Names of the entries that were inflated. */
  get inflated(): string[] {
    return this.csvs;
  }

  async push(chunk: Uint8Array): Promise<void> {
    let b = chunk;
    while (b.length > 0) {
      if (this.inTail) {
        if (this.pending.length + b.length > TAIL_MAX) throw new ZipProblem('not a zip of the archive (its directory is too large)');
        this.pending = concat(this.pending, b);
        return;
      }
      if (this.entry) {
        const n = Math.min(this.left, b.length);
        await this.data(b.subarray(0, n), this.left === n);
        this.left -= n;
        b = b.subarray(n);
        if (this.left === 0) this.finishEntry();
        continue;
      }
      this.pending = concat(this.pending, b);
      b = new Uint8Array(0);
      if (this.pending.length < 4) return;
      const sig = u32(this.pending, 0);
      if (sig === CENTRAL_SIG || sig === EOCD_SIG) {
        this.inTail = true;
        const rest = this.pending;
        this.pending = new Uint8Array(0);
        await this.push(rest);
        return;
      }
      if (sig !== LOCAL_SIG) throw new ZipProblem('not a zip file (no zip header where one should be)');
      if (this.pending.length < 30) return;
      const nameLen = u16(this.pending, 26);
      const extraLen = u16(this.pending, 28);
      const headerLen = 30 + nameLen + extraLen;
      if (this.pending.length < headerLen) return;
      this.startEntry(this.pending.subarray(0, headerLen), nameLen, extraLen);
      b = this.pending.subarray(headerLen);
      this.pending = new Uint8Array(0);
      if (this.entry && this.left === 0) this.finishEntry();
    }
  }

  private startEntry(h: Uint8Array, nameLen: number, extraLen: number): void {
    const flags = u16(h, 6);
    const name = new TextDecoder().decode(h.subarray(30, 30 + nameLen));
    const e: Entry = { name, method: u16(h, 8), crc: u32(h, 14), compressed: u32(h, 18), size: u32(h, 22), wanted: false };
    for (let x = 30 + nameLen; x + 4 <= 30 + nameLen + extraLen;) {
      const id = u16(h, x);
      const len = u16(h, x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (e.size === U32_MAX) { e.size = u64(h, q); q += 8; }
        if (e.compressed === U32_MAX) e.compressed = u64(h, q);
      }
      x += 4 + len;
    }
    if (flags & 0x0008) throw new ZipProblem(`${name} was zipped as a stream (sizes after the data), which this reader does not take; unzip it and give the CSV`);
    if (flags & 0x0001) throw new ZipProblem(`${name} is encrypted`);
    e.wanted = this.wants(name);
    if (e.wanted) {
      if (e.method !== 0 && e.method !== 8) throw new ZipProblem(`${name} uses compression method ${e.method} (only deflate and store are read)`);
      this.csvs.push(name);
      this.crc = 0;
      this.produced = 0;
      if (e.method === 8) {
        this.inflate = createInflater((out) => this.out(out), this.native, { crc: e.crc, size: e.size });
      }
    }
    this.entry = e;
    this.left = e.compressed;
  }

  private out(b: Uint8Array): void {
    if (b.length === 0) return;
    if (!this.inflate?.checks) this.crc = crc32(b, this.crc);
    this.produced += b.length;
    this.onData(b);
  }

  private async data(b: Uint8Array, last: boolean): Promise<void> {
    const e = this.entry!;
    if (!e.wanted) return;
    try {
      if (this.inflate) await this.inflate.push(b, last);
      else this.out(b);
    } catch (err) {
      if (err instanceof ZipProblem) throw err;
      throw new ZipProblem(`${e.name} cannot be inflated (${err instanceof Error ? err.message : String(err)}): the zip is corrupt`);
    }
  }

  private finishEntry(): void {
    const e = this.entry!;
    const checked = this.inflate?.checks ?? false;
    this.entry = null;
    this.inflate = null;
    if (e.wanted && ((!checked && this.crc !== e.crc) || this.produced !== e.size)) {
      throw new ZipProblem(`${e.name} is corrupt (its CRC or size does not match the zip header)`);
    }
  }

  /** Call after the last byte: checks that the zip was complete and reads its comment. */
  end(): void {
    if (this.entry) throw new ZipProblem(`the zip is truncated (it ends inside ${this.entry.name})`);
    const t = this.pending;
    for (let i = t.length - 22; i >= 0; i--) {
      if (u32(t, i) === EOCD_SIG && i + 22 + u16(t, i + 20) === t.length) {
        this.comment = new TextDecoder().decode(t.subarray(i + 22));
        return;
      }
    }
    throw new ZipProblem('the zip is truncated (no end-of-central-directory record)');
  }
}
