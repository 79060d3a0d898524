/** A typed settings number is used only within its field's rule; otherwise the message says the rule and what stays in use. */
import { expect, test } from 'vitest';
import { LEVERAGE_RULE, MMR_RULE, readField, WEIGHT_RULE, WINDOW_RULE } from '../../../src/lib/state/number-field.ts';

test('numbers within the rule are used as typed', () => {
  expect(readField('400', WINDOW_RULE, 30)).toEqual({ ok: true, value: 400 });
  expect(readField(' 0.0125 ', MMR_RULE, 0.004)).toEqual({ ok: true, value: 0.0125 });
  expect(readField('0', WEIGHT_RULE, 0.15)).toEqual({ ok: true, value: 0 });
  expect(readField('125', LEVERAGE_RULE, 5)).toEqual({ ok: true, value: 125 });
});

test('outside the rule, a part of a day, the max of a below-max rule or nothing: not used, and the message says why', () => {
  expect(readField('401', WINDOW_RULE, 30)).toEqual({ ok: false, problem: 'Window: 401 is not used; enter a whole number from 1 to 400. Still 30 days.' });
  expect(readField('2.5', WINDOW_RULE, 30).ok).toBe(false);
  expect(readField('0.5', MMR_RULE, 0.004)).toEqual({ ok: false, problem: 'Maintenance margin rate: 0.5 is not used; enter a number from 0 up to, not including, 0.5. Still 0.004.' });
  expect(readField('', LEVERAGE_RULE, 10)).toEqual({ ok: false, problem: 'Leverage: empty or not a number; enter a number from 1 to 125. Still 10x.' });
  expect(readField('-0.1', WEIGHT_RULE, 0.3).ok).toBe(false);
});
