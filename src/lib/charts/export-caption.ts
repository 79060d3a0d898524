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

/** Font size and band height (image px) of a caption over an image `width` px wide: text scales with the image (device px). */
export function captionLayout(width: number, lines: number): { font: number; lineHeight: number; band: number; pad: number } {
  const font = Math.max(12, Math.round(width / 72));
  const lineHeight = Math.round(font * 1.5);
  const pad = Math.round(font * 0.6);
  return { font, lineHeight, band: lines > 0 ? lines * lineHeight + 2 * pad : 0, pad };
}

/** `png` (a data URL) with `lines` above it, over the paper colour; the first line bold. */
export async function withCaption(png: string, lines: readonly string[]): Promise<string> {
  if (!lines.length) return png;
  const img = new Image();
  img.src = png;
  await img.decode();
  const { font, lineHeight, band, pad } = captionLayout(img.width, lines.length);
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height + band;
  const ctx = canvas.getContext('2d');
  if (!ctx) return png;
  ctx.fillStyle = THEME.paper;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = 'middle';
  lines.forEach((line, i) => {
    ctx.font = `${i === 0 ? '600 ' : ''}${font}px ${THEME.font}`;
    ctx.fillStyle = i === 0 ? THEME.text : THEME.muted;
    ctx.fillText(line, pad, pad + i * lineHeight + lineHeight / 2, canvas.width - 2 * pad);
  });
  ctx.drawImage(img, 0, band);
  return canvas.toDataURL('image/png');
}
