/** Tables the engine keeps in DuckDB (see the comment in the SQL). A .ts module so vite, vitest and tsx all load it. */
export const TABLES_SQL = `
-- Tables the engine keeps in DuckDB: every loaded profile month of every symbol, with times
-- as epoch milliseconds (BIGINT), so no TIMESTAMPTZ function (and no ICU extension) is needed.
CREATE TABLE IF NOT EXISTS volume (
  symbol VARCHAR, month VARCHAR, hour BIGINT, price_bin DOUBLE, side VARCHAR,
  size_min DOUBLE, notional DOUBLE, quantity DOUBLE, trades BIGINT
);
CREATE TABLE IF NOT EXISTS candles (
  symbol VARCHAR, month VARCHAR, time BIGINT, open DOUBLE, high DOUBLE, low DOUBLE,
  close DOUBLE, volume DOUBLE, quote_volume DOUBLE, taker_buy_quote_volume DOUBLE, trades BIGINT
);
CREATE TABLE IF NOT EXISTS oi (
  symbol VARCHAR, month VARCHAR, time BIGINT, open_interest DOUBLE, open_interest_usd DOUBLE
);
-- Which symbol-month-kind is loaded, from which source, lives in loaded_profiles, created by
-- profile-store.ts (ensureProfileTables), which also runs this file.
`;
