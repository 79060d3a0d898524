// Stream parsers against the real message shapes of docs/binance.md (newer ps/st/nq fields included).
import { describe, expect, it } from 'vitest';
import { binanceStreamUrl, parseBinanceMessage } from '../../../src/lib/live/binance-messages.ts';
import { bybitSubscribe, parseBybitMessage } from '../../../src/exchanges/bybit/live/bybit-messages.ts';
import { parseStreamBase } from '../../../src/lib/live/source.ts';
import { binanceSource } from '../../../src/lib/live/binance.ts';
import { readStreamSettings } from '../../../src/lib/live/stream-settings.ts';

const REAL_FORCE_ORDER = '{"e":"forceOrder","E":1791391083124,"o":{"s":"ILVUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"116.5","p":"3.80300","ap":"3.85642","X":"FILLED","l":"25.2","z":"116.5","T":1791391082119,"ps":"ILVUSDT","st":1}}';
const REAL_MARK = '{"e":"markPriceUpdate","E":1791391082000,"s":"BTCUSDT","p":"95123.40000000","i":"95110.1","P":"95130.2","r":"0.00010000","T":1791417600000}';
const REAL_AGG = '{"e":"aggTrade","E":1791391082024,"a":3478018549,"s":"BTCUSDT","p":"83434.40","q":"0.016","nq":"0.016","f":8154045700,"l":8154045704,"T":1791391081874,"m":true,"st":1}';
const REAL_BYBIT = '{"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1791391082500,"data":[{"T":1791391082312,"s":"BTCUSDT","S":"Buy","v":"0.118","p":"94213.50"}]}';
const wrap = (stream: string, data: string) => `{"stream":"${stream}","data":${data}}`;

describe('Binance stream messages', () => {
  it('one combined URL under /market for the three streams', () => {
    expect(binanceStreamUrl('wss://fstream.binance.com/market/', 'BTCUSDT')).toBe(
      'wss://fstream.binance.com/market/stream?streams=btcusdt@markPrice@1s/btcusdt@forceOrder/btcusdt@aggTrade',
    );
  });

  it('a real forceOrder (with ps/st) is a liquidated long at the average fill price and filled quantity', () => {
    expect(parseBinanceMessage(wrap('ilvusdt@forceOrder', REAL_FORCE_ORDER))).toEqual({
      kind: 'liquidations', malformed: 0,
      events: [{ time: 1791391082119, exchange: 'binance', symbol: 'ILVUSDT', side: 'long', price: 3.85642, quantity: 116.5, usd: 3.85642 * 116.5 }],
    });
    // Raw (unwrapped) form too; BUY = a short was liquidated.
    const buy = parseBinanceMessage(REAL_FORCE_ORDER.replace('"S":"SELL"', '"S":"BUY"'));
    expect(buy.kind === 'liquidations' && buy.events[0].side).toBe('short');
  });

  it('falls back to the order price when there is no average fill', () => {
    const r = parseBinanceMessage(REAL_FORCE_ORDER.replace('"ap":"3.85642"', '"ap":"0"'));
    expect(r.kind === 'liquidations' && r.events[0].price).toBe(3.803);
  });

  it('mark price and aggTrade (m true = taker sell); unknown fields ignored', () => {
    expect(parseBinanceMessage(wrap('btcusdt@markPrice@1s', REAL_MARK))).toEqual({ kind: 'mark', mark: { time: 1791391082000, symbol: 'BTCUSDT', price: 95123.4 } });
    expect(parseBinanceMessage(wrap('btcusdt@aggTrade', REAL_AGG.replace('"st":1', '"st":1,"new":{"x":1}')))).toEqual({
      kind: 'trade', trade: { time: 1791391081874, price: 83434.4, quantity: 0.016, takerSell: true, id: 3478018549 },
    });
  });

  it('malformed messages are refused with a reason, never thrown', () => {
    for (const text of ['not json', '[]', '{"data":{}}', REAL_FORCE_ORDER.replace('"S":"SELL"', '"S":"HOLD"'),
      REAL_FORCE_ORDER.replace('"T":1791391082119', '"T":"soon"'), REAL_AGG.replace('"p":"83434.40"', '"p":"abc"'),
      REAL_AGG.replace('"m":true', '"m":"yes"'), REAL_MARK.replace('"p":"95123.40000000"', '"p":"-1"'), REAL_FORCE_ORDER.replace(/"o":\{.*\}\}$/, '"o":null}')]) {
      const r = parseBinanceMessage(text);
      expect(r.kind, text).toBe('malformed');
      expect(r.kind === 'malformed' && r.reason.length).toBeGreaterThan(5);
    }
    expect(parseBinanceMessage(12)).toMatchObject({ kind: 'malformed' });
  });

  it('subscription replies and other events are control messages; errors are refusals', () => {
    expect(parseBinanceMessage('{"result":null,"id":1}')).toEqual({ kind: 'control' });
    expect(parseBinanceMessage('{"e":"kline","E":1}')).toEqual({ kind: 'control' });
    expect(parseBinanceMessage('{"error":{"code":2,"msg":"Invalid request"},"id":1}')).toEqual({ kind: 'refused', reason: 'Invalid request' });
  });
});

describe('Bybit stream messages', () => {
  it('subscribes to allLiquidation, tickers and publicTrade of the symbol', () => {
    expect(JSON.parse(bybitSubscribe('btcusdt'))).toEqual({ op: 'subscribe', args: ['allLiquidation.BTCUSDT', 'tickers.BTCUSDT', 'publicTrade.BTCUSDT'] });
  });

  it('a real allLiquidation push: S Buy = a long was liquidated, at the bankruptcy price', () => {
    expect(parseBybitMessage(REAL_BYBIT)).toEqual({
      kind: 'liquidations', malformed: 0,
      events: [{ time: 1791391082312, exchange: 'bybit', symbol: 'BTCUSDT', side: 'long', price: 94213.5, quantity: 0.118, usd: 94213.5 * 0.118 }],
    });
  });

  it('keeps the good items of a batch and counts the bad ones', () => {
    const text = REAL_BYBIT.replace('}]}', '},{"T":1791391082400,"s":"BTCUSDT","S":"Sell","v":"2","p":"94300","extra":true},{"T":1,"S":"Buy"},7]}');
    const r = parseBybitMessage(text);
    expect(r.kind).toBe('liquidations');
    if (r.kind !== 'liquidations') return;
    expect(r.events.map((e) => e.side)).toEqual(['long', 'short']);
    expect(r.malformed).toBe(2);
  });

  it('pongs and acks are control; a refused subscription and garbage are reported', () => {
    expect(parseBybitMessage('{"success":true,"ret_msg":"pong","conn_id":"x","op":"ping"}')).toEqual({ kind: 'control' });
    expect(parseBybitMessage('{"success":false,"ret_msg":"Invalid topic","op":"subscribe"}')).toEqual({ kind: 'refused', reason: 'Invalid topic' });
    // A symbol Bybit does not list: its own answer, told apart from a refusal worth retrying.
    expect(parseBybitMessage('{"success":false,"ret_msg":"Invalid symbol :[tickers.FOOUSDT]","conn_id":"x","req_id":"","op":"subscribe"}'))
      .toEqual({ kind: 'unlisted', reason: 'Invalid symbol :[tickers.FOOUSDT]' });
    expect(parseBybitMessage('{"topic":"allLiquidation.BTCUSDT","data":"x"}')).toMatchObject({ kind: 'malformed' });
    expect(parseBybitMessage('{"topic":"allLiquidation.BTCUSDT","data":[{"S":"Buy"}]}')).toMatchObject({ kind: 'malformed' });
    expect(parseBybitMessage('{]')).toMatchObject({ kind: 'malformed' });
  });
});

describe('stream base URLs', () => {
  it('accepts ws(s) bases, blank = default, refuses the rest with a reason', () => {
    expect(parseStreamBase(' wss://fstream.binance.com/market/ ', 'd')).toEqual({ ok: true, url: 'wss://fstream.binance.com/market' });
    expect(parseStreamBase('', 'wss://x')).toEqual({ ok: true, url: 'wss://x' });
    for (const bad of ['https://fstream.binance.com', 'wss://u:p@x', 'wss://x/?a=1', 'nope']) expect(parseStreamBase(bad, 'd').ok, bad).toBe(false);
  });

  it("Binance's own host only under /market: the bare host and /ws connect and stay silent, so they are refused, and dropped when stored", () => {
    const binance = (input: string) => parseStreamBase(input, binanceSource.defaultStreamBase, binanceSource.streamBaseProblem);
    expect(binance('wss://fstream.binance.com/market/')).toEqual({ ok: true, url: 'wss://fstream.binance.com/market' });
    expect(binance('')).toEqual({ ok: true, url: 'wss://fstream.binance.com/market' });
    expect(binance('ws://127.0.0.1:9443/any/path')).toEqual({ ok: true, url: 'ws://127.0.0.1:9443/any/path' }); // a proxy
    for (const silent of ['wss://fstream.binance.com', 'wss://fstream.binance.com/ws', 'wss://fstream.binance.com/public']) {
      expect(binance(silent)).toEqual({ ok: false, error: `Binance serves these streams under wss://fstream.binance.com/market: ${silent} accepts the connection but never delivers them` });
    }
    // A base stored by an older version (the bare host was Binance's before 2026-04-23): the default serves instead.
    expect(readStreamSettings({ binanceStreamBase: 'wss://fstream.binance.com', bybitStreamBase: 'wss://stream.bybit.com/v5/public/linear' }))
      .toEqual({ bybitStreamBase: 'wss://stream.bybit.com/v5/public/linear' });
    expect(readStreamSettings({ binanceStreamBase: 'wss://fstream.binance.com/market' })).toEqual({ binanceStreamBase: 'wss://fstream.binance.com/market' });
  });
});
