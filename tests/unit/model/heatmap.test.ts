import { DB_ENGINES } from '../../helpers/db-engines.ts';
import { agreementSuite } from './agreement-suite.ts';
import { heatmapSuite } from './heatmap-suite.ts';

for (const { name, open } of DB_ENGINES) {
  heatmapSuite(name, open);
  agreementSuite(name, open);
}
