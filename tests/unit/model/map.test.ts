import { mapCacheSuite, mapSuite } from './map-suite.ts';

mapSuite();
mapCacheSuite();
