/**
 * Touch for the canvas charts' x axis (the map's price, the heatmap's time), where a phone has
 * no drag-to-zoom, no Shift and no keys: two fingers pinch the range about the point between
 * them (and move it as they move), one finger moves a zoomed range sideways, a double tap
 * shows everything again. A vertical swipe still scrolls the page (`touch-action: pan-y`), and
 * the range never leaves the data's extent (x-range.ts's rules, shared with the keys).
 */
import type uPlot from 'uplot';
import { panBy, pinchedRange, resetZoom } from './x-range.ts';

/** Two taps this close in time (ms) and place (px) are a double tap. */
const DOUBLE_TAP_MS = 350;
const DOUBLE_TAP_PX = 24;
/** A finger that moves less than this (px) taps rather than pans. */
const TAP_SLOP_PX = 8;

interface Touch { x: number; startX: number; startY: number }

export function enableTouchZoom(u: uPlot): void {
  const over = u.over;
  over.style.touchAction = 'pan-y';
  const touches = new Map<number, Touch>();
  let pinch: { from: { min: number; max: number }; spread: number; mid: number } | null = null;
  let pan: { from: { min: number; max: number }; x: number } | null = null;
  let lastTap: { t: number; x: number; y: number } | null = null;
  let moved = false;

  const share = (clientX: number) => (clientX - over.getBoundingClientRect().left) / Math.max(over.clientWidth, 1);
  const scale = () => ({ min: u.scales.x.min!, max: u.scales.x.max! });
  const extent = (): [number, number] | null => {
    const x = u.data[0];
    return x.length ? [x[0], x[x.length - 1]] : null;
  };
  const pair = () => [...touches.values()];
  const startPinch = () => {
    const [a, b] = pair();
    pinch = { from: scale(), spread: Math.abs(a.x - b.x), mid: share((a.x + b.x) / 2) };
    pan = null;
  };

  over.addEventListener('pointerdown', (e) => {
    if (e.pointerType !== 'touch') return;
    touches.set(e.pointerId, { x: e.clientX, startX: e.clientX, startY: e.clientY });
    if (touches.size === 1) {
      moved = false;
      pan = { from: scale(), x: e.clientX };
    } else if (touches.size === 2) startPinch();
  });
  over.addEventListener('pointermove', (e) => {
    const t = touches.get(e.pointerId);
    if (!t) return;
    t.x = e.clientX;
    if (Math.hypot(e.clientX - t.startX, e.clientY - t.startY) > TAP_SLOP_PX) moved = true;
    const ext = extent();
    if (!ext) return;
    if (pinch && touches.size === 2) {
      const [a, b] = pair();
      const next = pinchedRange(pinch.from, pinch.spread, Math.abs(a.x - b.x), pinch.mid, share((a.x + b.x) / 2), ext[0], ext[1]);
      if (next) u.setScale('x', next);
      else u.setScale('x', { min: ext[0], max: ext[1] });
    } else if (pan && touches.size === 1) {
      const perPx = (pan.from.max - pan.from.min) / Math.max(over.clientWidth, 1);
      panBy(u, -(e.clientX - pan.x) * perPx, pan.from);
    }
  });
  const lift = (e: PointerEvent) => {
    const t = touches.get(e.pointerId);
    if (!t) return;
    touches.delete(e.pointerId);
    if (touches.size === 1) {
      // One finger stays: it pans from here.
      const [rest] = pair();
      pinch = null;
      pan = { from: scale(), x: rest.x };
      moved = true;
      return;
    }
    if (touches.size > 0) return;
    pinch = null;
    pan = null;
    if (e.type !== 'pointerup' || moved) return;
    const now = e.timeStamp;
    if (lastTap && now - lastTap.t < DOUBLE_TAP_MS && Math.hypot(e.clientX - lastTap.x, e.clientY - lastTap.y) < DOUBLE_TAP_PX) {
      lastTap = null;
      resetZoom(u);
    } else lastTap = { t: now, x: e.clientX, y: e.clientY };
  };
  over.addEventListener('pointerup', lift);
  over.addEventListener('pointercancel', lift);
}
