/**
 * The engine's progress (engine/api.ts's Progress) as one bar that only moves forward. A load
 * reports its download (bytes) and its load (files decoded) interleaved, each file loaded as
 * soon as it is here while the others still download; drawn event by event, the bar jumped
 * between the two stages' figures. Here the download fills the bar's first half and the load
 * its second (the load alone fills it when nothing is downloaded), the bar never goes back, and
 * its label names the stage still running: downloading until every file is here, then loading.
 */
import type { Progress } from '../engine/api.ts';

export interface ProgressView {
  /** "Downloading profiles (1 of 2): 3/12 files, 4.1/20.5 MB" */
  label: string;
  /** 0..1, never less than the run's last value. */
  value: number;
}

const mb = (b: number) => (b / 1e6).toFixed(1);
const share = (p: Progress | null) => (!p ? 0 : p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0);
const counts = (p: Progress) => `${p.filesDone}/${p.filesTotal} files` + (p.bytesTotal ? `, ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB` : '');
const VERB: Record<Progress['phase'], string> = { manifest: 'Reading', download: 'Downloading', decode: 'Decoding', load: 'Loading', compute: 'Computing' };

/**
 * One run after another (a load, an upload): `next` folds each event into the bar to draw. A
 * run that breaks off (an error) sends no final event: the next run's first event that cannot
 * continue it (startsOver) starts the bar over.
 */
export class LoadProgress {
  private download: Progress | null = null;
  private last: Progress | null = null;
  private value = 0;
  /** The source's run broke off (its prepare failed): its manifest events, even late ones, show nothing. */
  private brokenOff = false;

  /** The bar after `p`, or null once the run is over (every file loaded or decoded). */
  next(p: Progress): ProgressView | null {
    if (p.phase === 'manifest') {
      this.reset();
      return this.brokenOff ? null : { label: 'Reading the profile list…', value: 0 };
    }
    if (this.startsOver(p)) this.reset();
    if (p.phase === 'download') this.download = p;
    else this.last = p;
    if (p.phase !== 'download' && p.filesDone >= p.filesTotal) {
      this.reset();
      return null;
    }
    const dl = this.download;
    this.value = Math.max(this.value, dl ? (share(dl) + share(this.last)) / 2 : share(this.last));
    const downloading = !!dl && dl.filesDone < dl.filesTotal;
    const label = downloading ? `Downloading profiles (1 of 2): ${counts(dl)}`
      : this.last ? `${VERB[this.last.phase]} profiles${dl ? ' (2 of 2)' : ''}: ${counts(this.last)}`
      : `Loading profiles (2 of 2): 0/${dl!.filesTotal} files`;
    return { label, value: this.value };
  }

  /** A source is opened: its run starts. */
  startRun(): void {
    this.brokenOff = false;
    this.reset();
  }

  /**
   * The run broke off (no months to load): no bar. Its manifest events come through a port of
   * their own and may arrive after the failure; they show nothing until the next startRun.
   */
  breakOff(): null {
    this.brokenOff = true;
    this.reset();
    return null;
  }

  /**
   * Whether `p` begins a new run: the last run broke off before its final event (nothing said
   * so), and `p` cannot continue it: its stage's totals differ or its counts went back.
   */
  private startsOver(p: Progress): boolean {
    const prev = p.phase === 'download' ? this.download : this.last;
    return !!prev && (prev.phase !== p.phase || p.filesTotal !== prev.filesTotal || p.bytesTotal !== prev.bytesTotal
      || p.filesDone < prev.filesDone || p.bytesDone < prev.bytesDone);
  }

  private reset(): void {
    this.download = null;
    this.last = null;
    this.value = 0;
  }
}
