/** Number formatting for text the user reads (panels, labels, messages). */

// Made once: toLocaleString with options builds a formatter per call, and the map's statement
// formats dozens of figures on every recompute.
const usd2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** One formatter per option value, made on first use (charts label every tick on every draw). */
function formatterBy(make: (n: number) => Intl.NumberFormat): (n: number) => Intl.NumberFormat {
  const made = new Map<number, Intl.NumberFormat>();
  return (n) => {
    let f = made.get(n);
    if (!f) made.set(n, (f = make(n)));
    return f;
  };
}

const upToDecimals = formatterBy((decimals) => new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals }));
/** A price with at most `decimals` decimals. */
export function formatDecimals(v: number, decimals: number): string {
  return upToDecimals(decimals).format(v);
}

const compact = formatterBy((digits) => new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: digits }));
/**
 * "$37.4K", "$1.2M": USD short enough for an axis tick, the colour bar or the tape's column,
 * to `digits` significant digits (so $0.25 keeps its cents and $12.5M its tenth).
 */
export function formatUsdCompact(v: number, digits = 3): string {
  return Number.isFinite(v) ? `$${compact(digits).format(v)}` : '—';
}

export function formatUsd(v: number): string {
  if (!Number.isFinite(v)) return '—';
  // Nothing is "$0", not "$0.000" (the tape's empty hour, a starting state with no data).
  if (v === 0) return '$0';
  const abs = Math.abs(v);
  if (abs >= 1e9) return `$${(v / 1e9).toFixed(2)} B`;
  if (abs >= 1e6) return `$${(v / 1e6).toFixed(2)} M`;
  if (abs >= 1e3) return `$${usd2.format(v)}`;
  return `$${v.toPrecision(4)}`;
}

/**
 * An amount of USD (a volume, not a price): as formatUsd, with thousands as "K" to two decimals,
 * so a bar or a cell of $881,200.61 reads "$881.20 K" beside "$3.59 M", not to the cent.
 */
export function formatUsdAmount(v: number): string {
  const abs = Math.abs(v);
  if (abs < 1e3 || abs >= 1e6) return formatUsd(v);
  // $999,999 rounds to a million, not to "1000.00 K".
  return abs >= 999_995 ? `$${(v / 1e6).toFixed(2)} M` : `$${(v / 1e3).toFixed(2)} K`;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** "2025-11-30 12:15": a time to the minute, UTC, without the zone's name. */
export const utcMinute = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export function formatUtc(ms: number): string {
  return `${utcMinute(ms)} UTC`;
}
