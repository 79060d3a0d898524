/**
 * A profile source given by link must be confirmed on a banner before the app loads it
 * (src/lib/state/link-source.ts). A bench that opens `?source=` links to its own local profile
 * server confirms that origin beforehand, as a user who clicked "Load" once would have.
 */
import type { BrowserContext } from 'playwright-core';

export async function trustSource(context: BrowserContext, manifestUrl: string): Promise<void> {
  await context.addInitScript((origin: string) => {
    const settings = JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}') as { confirmedSources?: string[] };
    if (!(settings.confirmedSources ?? []).includes(origin)) {
      settings.confirmedSources = [...(settings.confirmedSources ?? []), origin];
      localStorage.setItem('liqmap.settings', JSON.stringify(settings));
    }
  }, new URL(manifestUrl).origin);
}
