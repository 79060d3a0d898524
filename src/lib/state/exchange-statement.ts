/**
 * The statement rows of a picture of several exchanges: per exchange its OI (value, source,
 * age), mark price and months, and every exchange left out with why (never silently).
 */
import { EXCHANGE_LABELS } from '../data/profile-schema.ts';
import type { ExchangeInputs, WindowSpan } from '../model/types.ts';
import type { ExchangeId } from '../live/events.ts';
import type { Prepared } from '../engine/api.ts';
import { formatAge, formatUsd, formatUtc } from '../format.ts';
import { figureSourceText, profileFigureWarning, type Row } from './statement.ts';
import type { ExchangeUsedFigures } from './used-figures.ts';

export interface ExchangeLines {
  rows: Row[];
  warnings: string[];
}

/**
 * `used`: what the result says each exchange used (months, missing); `figures`: where each OI
 * came from; `how`: how a sum of several is made (the heatmap draws the first one's candles);
 * `markUse`: what the view measures from the one mark it draws.
 */
export function exchangeLines(used: readonly (ExchangeInputs & { oiSource?: string; candles?: { shared: number; of: number } })[] | undefined, figures: readonly ExchangeUsedFigures[] | undefined, prepared: Prepared | null, how = 'summed', markUse = 'the price line, the auto step, key levels and alerts'): ExchangeLines {
  if (!used) return { rows: [], warnings: [] };
  const present = used.filter((e) => !e.missing).map((e) => EXCHANGE_LABELS[e.id]);
  // One exchange left (chosen alone, or the others missing) is not a sum.
  const rows: Row[] = [{ label: 'Exchanges', value: present.join(' + ') + (present.length > 1 ? ` (${how})` : '') }];
  // One mark is drawn and measured against (the lead's: exchange-request.ts viewMark); say whose.
  if (present.length > 1) rows.push({ label: 'Mark used', value: `${present[0]}'s for ${markUse}; each exchange's levels are placed from its own mark` });
  const warnings: string[] = [];
  const leadWindow = used.find((e) => !e.missing)?.window;
  for (const e of used) {
    const label = EXCHANGE_LABELS[e.id];
    const absent = prepared?.exchanges?.find((p) => p.id === e.id)?.absent;
    if (e.missing || absent) {
      const why = absent ?? e.missing!;
      rows.push({ label, value: `missing, left out: ${why}` });
      warnings.push(`${label} is left out of this picture: ${why}`);
      continue;
    }
    const f = figures?.find((x) => x.id === e.id)?.figures;
    const source = f ? `, ${figureSourceText(f, label)}` : '';
    warnings.push(...profileFigureWarning(f, label));
    // Months this exchange lacks where another has them: its part of them is zero, which the sum hides.
    const gaps = ownGaps(prepared, e.id);
    const others = present.filter((x) => x !== label).join(' + ');
    if (gaps.length) warnings.push(`${label} has no profiles of ${gaps.join(', ')} in this source: the picture's part of ${gaps.length === 1 ? 'that month' : 'those months'} is ${others}'s alone.`);
    // The map's window is each exchange's own last days: one whose profiles end apart covers other hours.
    const w = e.window && leadWindow && e.window.toHour !== leadWindow.toHour ? e.window : null;
    const apart = w && leadWindow ? leadWindow.toHour - w.toHour : 0;
    if (w && Math.abs(apart) >= STALE_WINDOW_MS) warnings.push(`${label}'s profiles end at ${formatUtc(w.toHour + HOUR_MS)}, ${formatAge(Math.abs(apart))} ${apart > 0 ? 'before' : 'after'} ${present[0]}'s: its part of the map is its own window, ${windowText(w)}.`);
    const c = e.candles;
    if (c) warnings.push(`${label} has ${c.shared} of the ${c.of} candles drawn (${present[0]}'s): its part of the other ${c.of - c.shared} is zero.`);
    rows.push({ label, value: `OI ${formatUsd(e.oiUsd)}${source}; mark ${formatUsd(e.markPrice)}; months ${e.months.join(', ') || 'none'}${gaps.length ? ` (none of ${gaps.join(', ')})` : ''}${w ? `; its window ${windowText(w)}` : ''}${c ? `; ${c.shared} of ${c.of} candles` : ''}${e.oiSource ? `; ${e.oiSource === 'history' ? 'its OI history' : 'no OI history'}` : ''}` });
  }
  return { rows, warnings };
}

const HOUR_MS = 3_600_000;
/** Exchanges whose map windows end this far apart are warned about, not only stated. */
const STALE_WINDOW_MS = 24 * HOUR_MS;
const windowText = (w: WindowSpan) => `${formatUtc(w.fromHour)} – ${formatUtc(w.toHour + HOUR_MS)} (${w.hoursWithData} of ${w.hours} hours with data)`;

const presentOf = (prepared: Prepared | null) => prepared?.exchanges?.filter((e) => !e.absent) ?? [];

/**
 * Months the view needed that the source lacks on every exchange with data (for a view of one
 * exchange, its own): those the picture does not cover at all. A month only some exchanges lack
 * is said by exchangeLines, for the exchange that lacks it.
 */
export function missingEverywhere(prepared: Prepared): string[] {
  const present = presentOf(prepared);
  if (present.length < 2) return prepared.missing;
  return present[0].missing.filter((m) => present.every((e) => e.missing.includes(m)));
}

/**
 * What the picture lacks, as the map's and the heatmap's notes say it (empty when nothing): the
 * months no chosen exchange has, split into those the source does not offer and those it does
 * whose files could not be loaded (offline, refused: the notices above name them), which are not
 * the source's fault.
 */
export function missingMonthsPhrase(prepared: Prepared): string {
  const missing = missingEverywhere(prepared);
  const unloaded = missing.filter((m) => prepared.unloaded?.includes(m));
  const absent = missing.filter((m) => !unloaded.includes(m));
  const months = (list: string[]) => `${list.length === 1 ? 'month' : 'months'} ${list.join(', ')}`;
  return [
    absent.length ? `${months(absent)}, not available from this source` : '',
    unloaded.length ? `${months(unloaded)}, which this source has but whose files could not be loaded (named above)` : '',
  ].filter(Boolean).join('; and ');
}

/** Months `id` lacks that another exchange with data has (none when one exchange has data). */
function ownGaps(prepared: Prepared | null, id: ExchangeId): string[] {
  const present = presentOf(prepared);
  const own = present.find((e) => e.id === id);
  if (!own || present.length < 2) return [];
  return own.missing.filter((m) => present.some((e) => !e.missing.includes(m)));
}
