/**
 * A number typed into a settings field is used only when its field's rule allows it; otherwise
 * the field goes back to the number in use and the control says why. Ignoring it silently left
 * the field showing a number the picture did not use ("500" days beside a 30-day map, an mmr of
 * 0.6 beside a map drawn at 0.004). The bounds are the model's and the URL's (MAX_WINDOW_DAYS,
 * MAX_LEVERAGE, MAX_MMR); this file only says them to the user.
 */
import { MAX_LEVERAGE, MAX_MMR } from '../model/tiers.ts';
import { MAX_WINDOW_DAYS } from './view-state.ts';

export interface FieldRule {
  /** The field's name in the message ("Window"). */
  label: string;
  min: number;
  max: number;
  /** The max itself is not allowed (a maintenance margin rate below 0.5). */
  belowMax?: boolean;
  whole?: boolean;
  /** After the number in use: " days", "x". */
  unit?: string;
}

export const WINDOW_RULE: FieldRule = { label: 'Window', min: 1, max: MAX_WINDOW_DAYS, whole: true, unit: ' days' };
export const MMR_RULE: FieldRule = { label: 'Maintenance margin rate', min: 0, max: MAX_MMR, belowMax: true };
export const LEVERAGE_RULE: FieldRule = { label: 'Leverage', min: 1, max: MAX_LEVERAGE, unit: 'x' };
export const WEIGHT_RULE: FieldRule = { label: 'Weight', min: 0, max: 1 };

export type FieldRead = { ok: true; value: number } | { ok: false; problem: string };

/** The typed text as a number within the rule, or why not and what stays in use. */
export function readField(text: string, rule: FieldRule, inUse: number): FieldRead {
  const typed = text.trim();
  const n = typed === '' ? NaN : Number(typed);
  const fits = Number.isFinite(n) && n >= rule.min && (rule.belowMax ? n < rule.max : n <= rule.max) && (!rule.whole || Number.isInteger(n));
  if (fits) return { ok: true, value: n };
  const what = rule.whole ? 'a whole number' : 'a number';
  const range = rule.belowMax ? `from ${rule.min} up to, not including, ${rule.max}` : `from ${rule.min} to ${rule.max}`;
  const entry = typed === '' ? 'empty or not a number' : `${typed} is not used`;
  return { ok: false, problem: `${rule.label}: ${entry}; enter ${what} ${range}. Still ${inUse}${rule.unit ?? ''}.` };
}

/**
 * An input's change: `use` gets the number when it fits; otherwise the input shows the number in
 * use again. Returns the problem to show ('' when used).
 */
export function takeField(input: HTMLInputElement, rule: FieldRule, inUse: number, use: (n: number) => void): string {
  const read = readField(input.value, rule, inUse);
  if (read.ok) {
    use(read.value);
    return '';
  }
  input.value = String(inUse);
  return read.problem;
}
