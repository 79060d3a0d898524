import { DB_ENGINES } from '../../helpers/db-engines.ts';
import { mapCacheSuite, mapSuite } from './map-suite.ts';

for (const { name, open } of DB_ENGINES) {
  mapSuite(name, open);
  mapCacheSuite(name, open);
}
