/** What the build says and records about a month: its report lines and its profiles' liqmap.* metadata. */
import { dayRanges } from '../../src/lib/archive/names.ts';
import { describeBadLines } from '../../src/lib/import/bad-lines.ts';
import { profileMetadata, type ProfileKind } from '../../src/lib/data/profile-schema.ts';
import type { RejectedLine } from './aggregate.ts';
import type { MonthReport } from './build.ts';
import type { MonthInputs } from './inputs.ts';
import { count, rate } from './progress.ts';
import type { SourceFile } from './state.ts';

/** The builder's bad-line warnings, in the words the browser importer uses too (import/bad-lines.ts). */
export function describeBad(rel: string, rejected: number, invalid: number, lines: RejectedLine[], invalidLines: number[]): string[] {
  return describeBadLines(rel, rejected, lines, invalid, invalidLines);
}

/** The liqmap.* key-value metadata of one profile file (docs/profiles.md). */
export function metadata(
  kind: ProfileKind, m: MonthInputs, synthetic: boolean, sources: SourceFile[], step?: number,
): Record<string, string> {
  // Daily inputs that do not cover the whole month (it has not ended, or a day is missing).
  const inputs = kind === 'oi' ? m.metrics : m.aggTrades;
  const days = inputs.every((f) => f.name.granularity === 'daily') ? dayRanges(m.month, inputs.map((f) => f.name.period)) : null;
  return profileMetadata({ kind, symbol: m.symbol, month: m.month, synthetic, sources, priceStep: step, days: days ?? undefined });
}

export function describeMonth(r: MonthReport, i: number, n: number, hasPrevious: boolean): string {
  const head = `[${i}/${n}] ${r.symbol} ${r.month}:`;
  switch (r.status) {
    case 'built': {
      const kinds = r.files.map((f) => `${f.kind} ${count(f.rows)} rows`).join(', ');
      return `${head} built from ${count(r.rows)} trades in ${r.seconds.toFixed(1)} s (${rate(r.rows, r.seconds)}): ${kinds}`;
    }
    case 'unchanged':
      return `${head} unchanged, kept`;
    case 'skipped':
      return `${head} skipped: ${r.reason}`;
    case 'refused':
      return `${head} REFUSED: ${r.reason}${hasPrevious ? ' (the earlier build of this month is kept)' : ''}`;
  }
}
