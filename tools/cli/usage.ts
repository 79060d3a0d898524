/** `liqmap --help`. Defaults are the app's (src/lib/state/view-state.ts); docs/cli.md has examples. */
export const USAGE = `liqmap: liquidation levels, heatmaps and a liquidation recorder from the command line

liqmap levels  --source DIR|MANIFEST_URL --symbol S [model options] [--format csv|json]
  The liquidation map: CSV price_bin,side,leverage,volume_usd, or JSON {levels, inputs}.
liqmap heatmap --source DIR|MANIFEST_URL --symbol S [--range 12h|24h|3d|7d|30d|90d|180d|1y] [model options] [--format csv|json]
  The heatmap: CSV time,price_bin,volume_usd, or JSON {times, priceBins, matrix, candles, liquidated, inputs}.
  It spans --range (default 30d) and walks open interest: --window and --model trades are the map's, refused here.
liqmap serve   --source DIR|MANIFEST_URL [--port 8080] [--host 127.0.0.1] [--records DIR] [--profile-memory 1GB]
  GET /health, /liquidations/levels, /liquidations/heatmap, /liquidations/history (JSON, CORS *).
  Loaded months beyond --profile-memory are let go, least recently used first, and load again when asked.
liqmap record  --symbols S[,S..] --out DIR [--binance-ws URL] [--bybit-ws URL] [--exchanges binance,bybit]
  Appends realised liquidations to DIR/SYMBOL/SYMBOL-liquidations-YYYY-MM-DD.csv until stopped.

Model options (the app's defaults):
  --exchanges binance,bybit   exchanges whose maps and heatmaps are summed (default binance)
  --model oi|trades           oi (default): OI-scaled profile; trades: trade-weighted
  --window DAYS               lookback of the map, 1-400 (default 30)
  --step X|auto               price bin step in USD (default auto)
  --threshold USD             whale threshold: a profile size edge (default 500000)
  --tiers 5:.15,10:.3,...     leverage tiers and weights (default the app's)
  --mmr R                     maintenance margin rate (default 0.004)
  --formula exact|reference   --split taker|even
  --oi CONTRACTS | --oi-usd USD, with --price P
                              figures typed in; without them the live Binance REST figures,
                              else the profile's latest OI record and close (said on stderr)
  --binance-rest URL          Binance REST base (default https://fapi.binance.com)
`;
