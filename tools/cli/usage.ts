/** `liqmap --help`. Defaults are the app's (src/lib/state/view-state.ts); docs/cli.md has examples. */
import { DEFAULT_BASE_URL } from '../../src/lib/binance/base-url.ts';
import { EXCHANGE_IDS, SIZE_EDGES } from '../../src/lib/data/profile-schema.ts';
import { DEFAULT_VIEW } from '../../src/lib/state/view-state.ts';

export const USAGE = `liqmap: liquidation levels, heatmaps and a liquidation recorder from the command line

liqmap levels  --source DIR|MANIFEST_URL --symbol S [model options] [--format csv|json]
  The liquidation map: CSV price_bin,side,leverage,volume_usd, or JSON {levels, inputs}.
liqmap heatmap --source DIR|MANIFEST_URL --symbol S [--range 12h|24h|3d|7d|30d|90d|180d|1y] [model options] [--format csv|json]
  The heatmap: CSV time,price_bin,volume_usd, or JSON {times, priceBins, matrix, candles, liquidated, inputs}.
  It spans --range (default 30d) and walks open interest: --window and --model trades are the map's, refused here.
liqmap serve   --source DIR|MANIFEST_URL [--port 8080] [--host 127.0.0.1] [--records DIR] [--profile-memory 1GB] [--binance-rest URL]
  GET /health, /liquidations/levels, /liquidations/heatmap, /liquidations/history (JSON, CORS *).
  Loaded months beyond --profile-memory are let go, least recently used first, and load again when asked.
liqmap record  --symbols S[,S..] --out DIR [--exchanges ${EXCHANGE_IDS.join(',')}] ${EXCHANGE_IDS.map((id) => `[--${id}-ws URL]`).join(' ')}
  Appends realised liquidations to DIR/SYMBOL/SYMBOL-liquidations-YYYY-MM-DD.csv until stopped
  (SIGINT, SIGTERM or SIGHUP write what is held first). --exchanges: default ${EXCHANGE_IDS.join(',')} (all).

Model options (the app's defaults):
  --exchanges ${EXCHANGE_IDS.join(',')}   exchanges whose maps and heatmaps are summed (default binance)
  --model oi|trades           oi (default): OI-scaled profile; trades: trade-weighted
  --window DAYS               lookback of the map, 1-400 (default 30)
  --step X|auto               price bin step in USD (default auto)
  --threshold USD             whale threshold, a profile size edge: ${SIZE_EDGES.join(', ')} (default ${DEFAULT_VIEW.whale})
  --tiers 5:.15,10:.3,...     leverage tiers and weights (default the app's)
  --mmr R                     maintenance margin rate (default 0.004)
  --formula exact|reference   --split taker|even
  --oi CONTRACTS | --oi-usd USD, with --price P
                              figures typed in; without them the live Binance REST figures,
                              else the profile's latest OI record and close (said on stderr)
  --binance-rest URL          Binance REST base (default ${DEFAULT_BASE_URL})

Exit status: 0 done; 2 bad options (each named on stderr, nothing on stdout); 1 anything else.
`;
