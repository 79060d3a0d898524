import { agreementSuite } from './agreement-suite.ts';
import { heatmapSuite } from './heatmap-suite.ts';

heatmapSuite();
agreementSuite();
