/**
 * Strict readers for Binance answers. Binance sends decimals as JSON strings and times as
 * integer ms; anything missing or non-numeric becomes a 'bad-response' error naming the field.
 * A finite JSON number is accepted where a string is expected (same value, e.g. from a proxy).
 */
import { BinanceError, clipText, describeRequest } from './errors.ts';

export interface AnswerContext {
  endpoint: string;
  symbol: string;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function badResponse(ctx: AnswerContext, problem: string, field?: string): BinanceError {
  return new BinanceError({
    kind: 'bad-response',
    endpoint: ctx.endpoint,
    symbol: ctx.symbol,
    field,
    message: `Binance sent an unusable answer for ${describeRequest(ctx.endpoint, ctx.symbol)}: ${problem}`,
  });
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  return clipText(text, 40);
}

export function readObject(value: unknown, ctx: AnswerContext, what = 'the answer'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badResponse(ctx, `${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function readArray(value: unknown, ctx: AnswerContext, what = 'the answer'): unknown[] {
  if (!Array.isArray(value)) throw badResponse(ctx, `${what} is not a JSON array`);
  return value;
}

function fieldValue(obj: Record<string, unknown>, field: string, ctx: AnswerContext): unknown {
  if (!(field in obj) || obj[field] === null || obj[field] === undefined) {
    throw badResponse(ctx, `field "${field}" is missing`, field);
  }
  return obj[field];
}

/** A decimal sent as a string (or a finite number), at least `min`. */
export function readDecimal(value: unknown, field: string, ctx: AnswerContext, min = 0): number {
  let n = Number.NaN;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) n = Number(value);
  else if (typeof value === 'number') n = value;
  if (!Number.isFinite(n)) throw badResponse(ctx, `field "${field}" is not a number (${shown(value)})`, field);
  if (n < min) throw badResponse(ctx, `field "${field}" is below ${min} (${shown(value)})`, field);
  return n;
}

/** Epoch milliseconds: a positive integer (number, or integer string). */
export function readTime(value: unknown, field: string, ctx: AnswerContext): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw badResponse(ctx, `field "${field}" is not a time in ms (${shown(value)})`, field);
  }
  return n;
}

export function decimalField(obj: Record<string, unknown>, field: string, ctx: AnswerContext, min = 0): number {
  return readDecimal(fieldValue(obj, field, ctx), field, ctx, min);
}

export function timeField(obj: Record<string, unknown>, field: string, ctx: AnswerContext): number {
  return readTime(fieldValue(obj, field, ctx), field, ctx);
}

/** The answer's symbol must be the one asked for (a misrouting proxy would mix figures). */
export function symbolField(obj: Record<string, unknown>, ctx: AnswerContext, field = 'symbol'): string {
  const value = fieldValue(obj, field, ctx);
  if (typeof value !== 'string') throw badResponse(ctx, `field "${field}" is not text (${shown(value)})`, field);
  if (value !== ctx.symbol) throw badResponse(ctx, `it is for ${clipText(value, 30)}, not ${ctx.symbol}`, field);
  return value;
}
