/**
 * The statement rows of a picture of several exchanges: per exchange its OI (value, source,
 * age), mark price and months, and every exchange left out with why (never silently).
 */
import { EXCHANGE_LABELS } from '../data/profile-schema.ts';
import type { ExchangeInputs } from '../model/types.ts';
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
    rows.push({ label, value: `OI ${formatUsd(e.oiUsd)}${source}; mark ${formatUsd(e.markPrice)}; months ${e.months.join(', ') || 'none'}${e.oiSource ? `; ${e.oiSource === 'history' ? 'its OI history' : 'no OI history'}` : ''}` });
  }
  return { rows, warnings };
}
