/** The archive naming helpers the builder, the generator and the browser importer share. */
import { describe, expect, it } from 'vitest';
import { archivePath, archiveUrl, dayRanges, parseChecksum, utcDay, utcMonth } from '../../../src/lib/archive/names.ts';

describe('archive names', () => {
  it('builds paths and URLs in the archive layout, with or without a trailing slash on the base', () => {
    const id = { symbol: 'BTCUSDT', kind: 'aggTrades', granularity: 'daily', period: '2025-11-03' } as const;
    expect(archivePath(id)).toBe('data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-11-03.zip');
    expect(archiveUrl('http://h:1/', id, '.CHECKSUM')).toBe('http://h:1/data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-11-03.zip.CHECKSUM');
    expect(parseChecksum(`${'A'.repeat(64)}  BTCUSDT-aggTrades-2025-11-03.zip\n`, 'BTCUSDT-aggTrades-2025-11-03.zip')).toBe('a'.repeat(64));
    expect(parseChecksum(`${'a'.repeat(64)}  ETHUSDT-aggTrades-2025-11-03.zip`, 'BTCUSDT-aggTrades-2025-11-03.zip')).toBeNull();
  });

  it('names UTC days and months of an instant', () => {
    expect(utcDay(Date.parse('2025-11-30T23:59:59.999Z'))).toBe('2025-11-30');
    expect(utcMonth(Date.parse('2025-12-01T00:00:00Z'))).toBe('2025-12');
  });

  it('states the days a partial month covers as ranges, and nothing for a whole month', () => {
    const nov = Array.from({ length: 30 }, (_, i) => `2025-11-${String(i + 1).padStart(2, '0')}`);
    expect(dayRanges('2025-11', nov)).toBeNull();
    expect(dayRanges('2025-11', nov.slice(0, 28))).toBe('2025-11-01..2025-11-28');
    expect(dayRanges('2025-11', nov.filter((d) => d !== '2025-11-11').slice(0, 27))).toBe('2025-11-01..2025-11-10,2025-11-12..2025-11-28');
    expect(dayRanges('2025-11', ['2025-11-30', '2025-11-05'])).toBe('2025-11-05..2025-11-05,2025-11-30..2025-11-30');
  });
});
