/**
 * The statement rows of a picture of several exchanges: per exchange its OI (value, source,
 * age), mark price and months, and every exchange left out with why (never silently).
 */
import { EXCHANGE_LABELS } from '../data/profile-schema.ts';
import type { ExchangeInputs } from '../model/types.ts';
import type { ExchangeId } from '../live/events.ts';
import type { Prepared } from '../engine/api.ts';
import { formatUsd } from '../format.ts';
import { figureSourceText, profileFigureWarning, type Row } from './statement.ts';
import type { ExchangeUsedFigures } from './used-figures.ts';

export interface ExchangeLines {
  rows: Row[];
  warnings: string[];
}

/**
 * `used`: what the result says each exchange used (months, missing); `figures`: where each OI
 * came from; `how`: how a sum of several is made (the heatmap draws the first one's candles).
 */
export function exchangeLines(used: readonly (ExchangeInputs & { oiSource?: string })[] | undefined, figures: readonly ExchangeUsedFigures[] | undefined, prepared: Prepared | null, how = 'summed'): ExchangeLines {
  if (!used) return { rows: [], warnings: [] };
  const present = used.filter((e) => !e.missing).map((e) => EXCHANGE_LABELS[e.id]);
  // One exchange left (chosen alone, or the others missing) is not a sum.
  const rows: Row[] = [{ label: 'Exchanges', value: present.join(' + ') + (present.length > 1 ? ` (${how})` : '') }];
  // One mark is drawn and measured against (the lead's: exchange-request.ts viewMark); say whose.
  if (present.length > 1) rows.push({ label: 'Mark used', value: `${present[0]}'s for the price line, the auto step, key levels and alerts; each exchange's levels are placed from its own mark` });
  const warnings: string[] = [];
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
    rows.push({ label, value: `OI ${formatUsd(e.oiUsd)}${source}; mark ${formatUsd(e.markPrice)}; months ${e.months.join(', ') || 'none'}${gaps.length ? ` (none of ${gaps.join(', ')})` : ''}${e.oiSource ? `; ${e.oiSource === 'history' ? 'its OI history' : 'no OI history'}` : ''}` });
  }
  return { rows, warnings };
}

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

/** Months `id` lacks that another exchange with data has (none when one exchange has data). */
function ownGaps(prepared: Prepared | null, id: ExchangeId): string[] {
  const present = presentOf(prepared);
  const own = present.find((e) => e.id === id);
  if (!own || present.length < 2) return [];
  return own.missing.filter((m) => present.some((e) => !e.missing.includes(m)));
}
