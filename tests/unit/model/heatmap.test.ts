import { openNodeDb } from '../../../src/lib/db/db-node.ts';
import { heatmapSuite } from './heatmap-suite.ts';

heatmapSuite('DuckDB-WASM (Node)', openNodeDb);
import { agreementSuite } from './agreement-suite.ts';

agreementSuite('DuckDB-WASM (Node)', openNodeDb);
