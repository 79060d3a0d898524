import { openNodeDb } from '../../../src/lib/db/db-node.ts';
import { mapSuite } from './map-suite.ts';

mapSuite('DuckDB-WASM (Node)', openNodeDb);
