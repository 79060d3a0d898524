/**
 * Binance as the Node tools know it. Its builder, fetch and generator are the core the tools
 * are built around (tools/builder, tools/synth): this adapter registers them like any other.
 */
import type { ToolsExchange } from '../types.ts';
import { ARCHIVE_BASE_URL } from '../../lib/archive/names.ts';
import { buildProfiles } from '../../../tools/builder/build.ts';
import { archiveNotPublished, fetchArchive } from '../../../tools/builder/fetch.ts';
import { pruneBuilt } from '../../../tools/builder/prune.ts';
import { generateArchive } from '../../../tools/synth/archive.ts';

export const binanceTools: ToolsExchange = {
  id: 'binance',
  builder: {
    archiveBase: ARCHIVE_BASE_URL,
    refuses: true,
    build: buildProfiles,
    fetch: (o) => fetchArchive({
      symbols: o.symbols, months: o.months, inDir: o.inDir, outDir: o.outDir, base: o.base,
      parallel: o.parallel, force: o.force, progress: o.progress,
    }),
    prune: pruneBuilt,
    notPublished: archiveNotPublished,
    pruneHelp: 'their .CHECKSUM stays',
  },
  generate: generateArchive,
  // Enough trades for several hundred whale trades a month, small enough for a quick first run.
  sample: { plans: [{ symbols: ['BTCUSDT'], trades: 400_000 }, { symbols: ['ETHUSDT'], trades: 300_000 }] },
};
