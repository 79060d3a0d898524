/** Read and check the liqmap.* key-value metadata of a profile file (docs/profiles.md). */
import { parseDays } from './profile-days.ts';
import type { ExchangeId } from '../live/events.ts';
import { DEFAULT_EXCHANGE, EXCHANGE_IDS_TEXT, META, MONTH_RE, SCHEMA_VERSION, SYMBOL_RE, isExchange, isKind, type ProfileKind } from './profile-schema.ts';

export interface ProfileMeta {
  schema: 1;
  kind: ProfileKind;
  symbol: string;
  month: string;
  /** Volume files only: the price_bin grid. */
  priceStep?: number;
  synthetic: boolean;
  /** Builder's note of its inputs and their sha256, when present. */
  source?: string;
  /** The UTC days a month built from daily files covers (`liqmap.days`), when present. */
  days?: string;
  /** `liqmap.exchange`; `binance` when the file has no such key. */
  exchange: ExchangeId;
}

/** What the caller already knows about a file (manifest entry, conventional file name). */
export interface Expected {
  kind?: ProfileKind;
  symbol?: string;
  month?: string;
  exchange?: ExchangeId;
}

/** The metadata, or the problem with it (naming the key). */
export function parseProfileMeta(md: Map<string, string>): ProfileMeta | string {
  const missing = (key: string) => `metadata key ${key} is missing`;
  const schema = md.get(META.schema);
  if (schema === undefined) return `${missing(META.schema)} (not a liqmap profile?)`;
  if (schema.trim() !== String(SCHEMA_VERSION)) {
    return `${META.schema} is "${schema}", but this app reads schema ${SCHEMA_VERSION} only`;
  }
  const kind = md.get(META.kind);
  if (kind === undefined) return missing(META.kind);
  if (!isKind(kind)) return `${META.kind} is "${kind}", expected volume, candles or oi`;
  const symbol = md.get(META.symbol);
  if (symbol === undefined) return missing(META.symbol);
  if (!SYMBOL_RE.test(symbol)) return `${META.symbol} is "${symbol}", expected 2-20 capital letters or digits`;
  const month = md.get(META.month);
  if (month === undefined) return missing(META.month);
  if (!MONTH_RE.test(month)) return `${META.month} is "${month}", expected YYYY-MM`;
  const synthetic = md.get(META.synthetic);
  if (synthetic === undefined) return missing(META.synthetic);
  if (synthetic !== 'true' && synthetic !== 'false') return `${META.synthetic} is "${synthetic}", expected true or false`;

  const exchange = md.get(META.exchange) ?? DEFAULT_EXCHANGE;
  if (!isExchange(exchange)) return `${META.exchange} is "${exchange}", expected ${EXCHANGE_IDS_TEXT}`;
  const meta: ProfileMeta = { schema: 1, kind, symbol, month, synthetic: synthetic === 'true', exchange };
  const source = md.get(META.source);
  if (source !== undefined) meta.source = source;
  const days = md.get(META.days);
  if (days !== undefined) {
    const ranges = parseDays(days);
    if (!ranges || ranges.some(([a, b]) => a.slice(0, 7) !== month || b.slice(0, 7) !== month)) {
      return `${META.days} is "${days}", expected day ranges of ${month} such as ${month}-01..${month}-10`;
    }
    meta.days = days;
  }
  if (kind === 'volume') {
    const step = md.get(META.priceStep);
    if (step === undefined) return missing(META.priceStep);
    const value = Number(step);
    if (step.trim() === '' || !Number.isFinite(value) || value <= 0) {
      return `${META.priceStep} is "${step}", expected a positive number`;
    }
    meta.priceStep = value;
  }
  return meta;
}

const CONVENTIONAL_NAME = /^([A-Z0-9]{2,20})-(\d{4}-\d{2})\.(volume|candles|oi)\.parquet$/;

/** A name like BTCUSDT-2025-11.volume.parquet says what the file must hold. */
export function expectedFromName(name: string): Expected {
  const m = CONVENTIONAL_NAME.exec(name.split(/[\\/]/).pop() ?? '');
  return m ? { symbol: m[1], month: m[2], kind: m[3] as ProfileKind } : {};
}

/** The first disagreement between the metadata and what was expected, or undefined. */
export function metaMismatch(meta: ProfileMeta, expected: Expected, by: string): string | undefined {
  for (const field of ['exchange', 'symbol', 'month', 'kind'] as const) {
    const want = expected[field];
    if (want !== undefined && want !== meta[field]) {
      return `${by} says ${field} ${want} but ${META[field]} is ${meta[field]}`;
    }
  }
  return undefined;
}
