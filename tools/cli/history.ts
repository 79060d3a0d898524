/** `/liquidations/history`: recorded liquidations of a symbol between two times, from `liqmap record`'s files. */
import { SYMBOL_RE } from '../../src/lib/data/profile-schema.ts';
import { liquidationsCsv } from '../../src/lib/live/tape.ts';
import { BadInput } from './prepare.ts';
import { readRecords } from './record-files.ts';

const DAY_MS = 86_400_000;
const NAMES = ['symbol', 'from', 'to', 'format'];

/** An ISO time ("2026-01-02", "2026-01-02T03:04:05Z") or epoch ms. */
function time(raw: string | null, name: string, problems: string[]): number | undefined {
  if (raw === null || raw === '') return undefined;
  const t = /^\d+$/.test(raw) ? Number(raw) : /^\d{4}-\d\d-\d\d/.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(t)) problems.push(`parameter "${name}" "${raw}" is not an ISO time (2026-01-02T03:04:05Z) or epoch milliseconds.`);
  return Number.isFinite(t) ? t : undefined;
}

export async function history(dir: string, q: URLSearchParams) {
  const problems: string[] = [];
  for (const k of q.keys()) if (!NAMES.includes(k)) problems.push(`parameter "${k}" is not a parameter of /liquidations/history (${NAMES.join(', ')}).`);
  const symbol = (q.get('symbol') ?? '').toUpperCase();
  if (!SYMBOL_RE.test(symbol)) problems.push(q.get('symbol') ? `parameter "symbol" "${q.get('symbol')}" is not a symbol like BTCUSDT.` : 'parameter "symbol" is required.');
  const to = time(q.get('to'), 'to', problems) ?? Date.now();
  const from = time(q.get('from'), 'from', problems) ?? to - DAY_MS;
  if (from >= to) problems.push(`parameter "from" must be before "to".`);
  const format = q.get('format') ?? 'json';
  if (format !== 'csv' && format !== 'json') problems.push(`parameter "format" "${format}" is not csv or json.`);
  if (problems.length) throw new BadInput(problems);
  const read = await readRecords(dir, symbol, from, to);
  return {
    format,
    csv: () => liquidationsCsv(read.events),
    json: () => ({ symbol, from: new Date(from).toISOString(), to: new Date(to).toISOString(), liquidations: read.events.map((e) => ({ ...e, time: new Date(e.time).toISOString() })), problems: read.problems }),
  };
}
