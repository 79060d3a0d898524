import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../../../src/lib/binance/base-url.ts';

describe('parseBaseUrl', () => {
  it('defaults to Binance when blank', () => {
    expect(DEFAULT_BASE_URL).toBe('https://fapi.binance.com');
    expect(parseBaseUrl('  ')).toEqual({ ok: true, url: DEFAULT_BASE_URL });
  });

  it('accepts http(s), strips trailing slashes, keeps a path prefix', () => {
    expect(parseBaseUrl(' https://fapi.binance.com/ ')).toEqual({ ok: true, url: 'https://fapi.binance.com' });
    expect(parseBaseUrl('http://127.0.0.1:8080')).toEqual({ ok: true, url: 'http://127.0.0.1:8080' });
    expect(parseBaseUrl('https://proxy.example.workers.dev/binance//')).toEqual({
      ok: true,
      url: 'https://proxy.example.workers.dev/binance',
    });
  });

  it.each([
    ['fapi.binance.com', 'not a URL'],
    ['ftp://fapi.binance.com', 'https:// or http://'],
    ['javascript:alert(1)', 'https:// or http://'],
    ['https://user:pw@proxy.example', 'user name or password'],
    ['https://proxy.example/?key=1', 'query'],
    ['https://proxy.example/?', 'query'],
    ['https://proxy.example/#x', 'fragment'],
  ])('rejects %s', (input, reason) => {
    const check = parseBaseUrl(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toContain(reason);
  });
});
