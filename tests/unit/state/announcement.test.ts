/** A live region says a status line again when its words change, not when only its numbers tick. */
import { expect, test } from 'vitest';
import { announcement } from '../../../src/lib/state/announcement.ts';

test('numbers ticking keep what was said; new words are said with their numbers', () => {
  let said = announcement('', 'Live from Binance, 8 s old.');
  expect(said).toBe('Live from Binance, 8 s old.');
  for (const tick of ['Live from Binance, 9 s old.', 'Live from Binance, 10 s old.', 'Live from Binance, 59 s old.']) {
    said = announcement(said, tick);
    expect(said).toBe('Live from Binance, 8 s old.');
  }
  // A new unit is a new word: said once, then its minutes tick quietly.
  said = announcement(said, 'Live from Binance, 1 min old.');
  expect(said).toBe('Live from Binance, 1 min old.');
  expect(announcement(said, 'Live from Binance, 2 min old.')).toBe(said);
  said = announcement(said, 'Binance: connected, last message 18:40:01 UTC');
  expect(said).toBe('Binance: connected, last message 18:40:01 UTC');
  expect(announcement(said, 'Binance: connected, last message 18:40:02 UTC')).toBe(said);
  // A failure is said at once.
  expect(announcement(said, 'Binance: refused (403); reconnecting in 4 s')).toBe('Binance: refused (403); reconnecting in 4 s');
  // Progress: the stage changing is said, its bytes are not.
  said = announcement('', 'Downloading profiles (1 of 2): 3 of 12 files');
  expect(announcement(said, 'Downloading profiles (1 of 2): 4 of 12 files')).toBe(said);
  expect(announcement(said, 'Loading profiles (2 of 2): 1 of 12 files')).toBe('Loading profiles (2 of 2): 1 of 12 files');
});
