/** What the start of a `.csv.gz` dump says: that it is gzip, and liqmap's synthetic mark (names.ts GZIP_MARK_ID). */
import { SYNTHETIC_MARKER } from '../../../lib/archive/names.ts';
import { GZIP_MARK_ID } from './names.ts';

/** The problem with a file's first bytes as a gzip stream, or null. */
export function gzipProblem(head: Uint8Array): string | null {
  if (head.length < 18) return 'the file is too short to be gzip';
  if (head[0] !== 0x1f || head[1] !== 0x8b || head[2] !== 8) return 'not a gzip file';
  return null;
}

/** True when the gzip header's FEXTRA holds liqmap's synthetic marker (only the generator writes one). */
export function gzipSyntheticMark(head: Uint8Array): boolean {
  if (gzipProblem(head) || !(head[3] & 0x04) || head.length < 12) return false;
  const xlen = head[10] | (head[11] << 8);
  let at = 12;
  while (at + 4 <= 12 + xlen && at + 4 <= head.length) {
    const id = String.fromCharCode(head[at], head[at + 1]);
    const len = head[at + 2] | (head[at + 3] << 8);
    if (id === GZIP_MARK_ID) {
      const data = new TextDecoder('latin1').decode(head.subarray(at + 4, at + 4 + len));
      return data.startsWith(SYNTHETIC_MARKER);
    }
    at += 4 + len;
  }
  return false;
}
