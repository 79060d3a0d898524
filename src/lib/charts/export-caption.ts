/**
 * The exported PNG with a caption band above the chart: what it is (the view's title) and when it
 * was exported. The chart alone names neither its exchanges, its window nor its time, so a picture
 * passed on would be read without them. One helper for every renderer (canvas or Plotly): it
 * works on the PNG they give.
 */
import { formatUtc } from '../format.ts';
import { THEME } from './theme.ts';

/** Caption lines of an export: the title, then the app and the time of export. */
export function captionLines(title: string, now = Date.now()): string[] {
  return [title, `liqmap · exported ${formatUtc(now)}`];
}

/** The smallest caption text in CSS px: the page's small text (a phone's chart is no wider than the phone). */
const MIN_CSS_FONT = 12;

/**
 * Font size and band height (image px) of a caption of `rows` rows over an image `width` px wide
 * drawn at `scale` image px per CSS px (the device pixel ratio): text scales with the image, and
 * never below the page's small text at the chart's own scale (a phone's 2x PNG).
 */
export function captionLayout(width: number, rows: number, scale = 1): { font: number; lineHeight: number; band: number; pad: number } {
  const font = Math.max(Math.round(MIN_CSS_FONT * Math.max(1, scale)), Math.round(width / 72));
  const lineHeight = Math.round(font * 1.5);
  const pad = Math.round(font * 0.6);
  return { font, lineHeight, band: rows > 0 ? rows * lineHeight + 2 * pad : 0, pad };
}

/** One drawn row of a caption: its text and the caption line it comes from (0: the title, in bold). */
export interface CaptionRow { text: string; line: number }

const SEPARATOR = ' · ';

/** `parts` joined by `sep` into rows no wider than `maxWidth` (greedy); a part wider than a row on its own stays whole. */
function pack(parts: string[], sep: string, fits: (text: string) => boolean): string[] {
  const rows: string[] = [];
  for (const part of parts) {
    const last = rows.length ? rows[rows.length - 1] + sep + part : null;
    if (last !== null && fits(last)) rows[rows.length - 1] = last;
    else rows.push(part);
  }
  return rows;
}

/**
 * `lines` broken into rows no wider than `maxWidth` (as `measure` says for that line's font): at
 * the ' · ' between a title's parts first, then at spaces within a part too long for a row. A
 * word wider than the row alone is the only thing left to be narrowed when drawn.
 */
export function wrapCaption(lines: readonly string[], maxWidth: number, measure: (text: string, line: number) => number): CaptionRow[] {
  return lines.flatMap((text, line) => {
    const fits = (t: string) => measure(t, line) <= maxWidth;
    const parts = pack(text.split(SEPARATOR), SEPARATOR, fits);
    return parts.flatMap((part) => (fits(part) ? [part] : pack(part.split(' '), ' ', fits))).map((row) => ({ text: row, line }));
  });
}

const fontOf = (font: number, line: number) => `${line === 0 ? '600 ' : ''}${font}px ${THEME.font}`;

/**
 * `png` (a data URL) with `lines` above it, over the paper colour; the first line bold. `cssWidth`
 * is the chart's width on the page, so that the text keeps a legible size in a high-density
 * image; a line too long for the image's width wraps onto more rows rather than being squeezed.
 */
export async function withCaption(png: string, lines: readonly string[], cssWidth = 0): Promise<string> {
  if (!lines.length) return png;
  const img = new Image();
  img.src = png;
  await img.decode();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return png;
  const scale = cssWidth > 0 ? img.width / cssWidth : 1;
  const { font, pad } = captionLayout(img.width, lines.length, scale);
  const maxWidth = img.width - 2 * pad;
  const rows = wrapCaption(lines, maxWidth, (text, line) => { ctx.font = fontOf(font, line); return ctx.measureText(text).width; });
  const { lineHeight, band } = captionLayout(img.width, rows.length, scale);
  canvas.width = img.width;
  canvas.height = img.height + band;
  ctx.fillStyle = THEME.paper;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = 'middle';
  rows.forEach(({ text, line }, i) => {
    ctx.font = fontOf(font, line);
    ctx.fillStyle = line === 0 ? THEME.text : THEME.muted;
    ctx.fillText(text, pad, pad + i * lineHeight + lineHeight / 2, maxWidth);
  });
  ctx.drawImage(img, 0, band);
  return canvas.toDataURL('image/png');
}
