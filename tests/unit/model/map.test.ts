import { openNodeDb } from '../../../src/lib/db/db-node.ts';
import { mapCacheSuite, mapSuite } from './map-suite.ts';

mapSuite('DuckDB-WASM (Node)', openNodeDb);
mapCacheSuite('DuckDB-WASM (Node)', openNodeDb);
