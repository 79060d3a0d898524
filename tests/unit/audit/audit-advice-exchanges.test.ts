// The audit's advice names the exchanges from the one list of them (profile-schema.ts), not a
// sentence written for two: with a third exchange listed, it names all three.
import { expect, it, vi } from 'vitest';

vi.mock('../../../src/lib/data/profile-schema.ts', async (original) => {
  const real = await original<typeof import('../../../src/lib/data/profile-schema.ts')>();
  const EXCHANGE_LABELS = { ...real.EXCHANGE_LABELS, okx: 'OKX' };
  const EXCHANGE_IDS = Object.keys(EXCHANGE_LABELS);
  return { ...real, EXCHANGE_LABELS, EXCHANGE_IDS, exchangesLabel: (ids: readonly string[]) => ids.map((x) => EXCHANGE_LABELS[x as keyof typeof EXCHANGE_LABELS]).join(' + ') };
});

it('names every listed exchange where the audit speaks of them all', async () => {
  const { emptyAuditAdvice, REALISED_CHOICES, realisedIds } = await import('../../../src/lib/state/audit-view.ts');
  expect(emptyAuditAdvice('BTCUSDT', { from: 0, to: 1 }, null, [], 'all')).toContain('the realised liquidations that Binance, Bybit and OKX stream');
  expect(REALISED_CHOICES[0]).toEqual({ id: 'all', label: 'Binance + Bybit + OKX' });
  expect(realisedIds('all')).toEqual(['binance', 'bybit', 'okx']);
});
