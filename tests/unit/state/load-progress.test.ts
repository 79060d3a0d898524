import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../src/lib/engine/api.ts';
import { LoadProgress, type ProgressView } from '../../../src/lib/state/load-progress.ts';

/** Three files of 1 MB, `at` times 10 kB of them in. */
const download = (filesDone: number, at: number): Progress => ({ phase: 'download', filesDone, filesTotal: 3, bytesDone: at * 1e4, bytesTotal: 3e6 });
const load = (filesDone: number, filesTotal = 4): Progress => ({ phase: 'load', filesDone, filesTotal, bytesDone: 0, bytesTotal: 0 });

describe('LoadProgress', () => {
  it('folds a download and a load reported interleaved into one bar that only moves forward, naming the stage running', () => {
    const bar = new LoadProgress();
    // Three files downloaded (bytes) and four loaded (one was cached), each loaded as it arrives.
    const events = [download(0, 50), download(0, 100), download(1, 100), load(0), download(1, 180), load(1), download(2, 200), download(3, 300), load(2), load(3)];
    const shown = events.map((e) => bar.next(e)) as ProgressView[];
    const values = shown.map((s) => s.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // Drawn event by event the old way (the stage's own share), the bar went back: 1/3 of the
    // bytes, then 0 of 4 files loaded.
    expect(values[3]).toBeCloseTo(values[2], 9);
    // The download fills the first half, the load the second.
    expect(values[7]).toBeCloseTo((1 + 1 / 4) / 2, 9);
    expect(values.at(-1)).toBeCloseTo((1 + 3 / 4) / 2, 9);
    expect(shown[0].label).toBe('Downloading profiles (1 of 2): 0/3 files, 0.5/3.0 MB');
    // Still downloading while a file loads: the label stays on the download.
    expect(shown[5].label).toBe('Downloading profiles (1 of 2): 1/3 files, 1.8/3.0 MB');
    expect(shown[7].label).toBe('Loading profiles (2 of 2): 1/4 files');
    expect(shown[9].label).toBe('Loading profiles (2 of 2): 3/4 files');
    // Every file loaded: the bar goes away, and the next run starts from nothing.
    expect(bar.next(load(4))).toBeNull();
    expect(bar.next(load(0, 2))).toEqual({ label: 'Loading profiles: 0/2 files', value: 0 });
    expect(bar.next(load(1, 2))).toEqual({ label: 'Loading profiles: 1/2 files', value: 0.5 });
  });

  it('starts over when a run that broke off (no final event) is followed by another', () => {
    // A download and a load broken off half way; the next run loads two cached files: another total.
    const bar = new LoadProgress();
    for (const e of [download(1, 100), load(0), download(2, 200), load(1), load(2)]) bar.next(e);
    expect(bar.next(load(0, 2))).toEqual({ label: 'Loading profiles: 0/2 files', value: 0 });
    // A load broken off at 3 of 4; the next run loads four files too: its count goes back.
    const same = new LoadProgress();
    for (const e of [load(0), load(1), load(2), load(3)]) same.next(e);
    expect(same.next(load(0))).toEqual({ label: 'Loading profiles: 0/4 files', value: 0 });
    // A download broken off at 2 of 3 files; the next run downloads the same three: its bytes go back.
    const again = new LoadProgress();
    for (const e of [download(1, 100), load(0), download(2, 200), load(1)]) again.next(e);
    expect(again.next(download(0, 10))).toEqual({ label: 'Downloading profiles (1 of 2): 0/3 files, 0.1/3.0 MB', value: 1e5 / 3e6 / 2 });
    // Within a run nothing starts over: the stages' counts only grow.
    expect(again.next(load(0))!.value).toBeCloseTo(1e5 / 3e6 / 2, 12);
    expect(again.next(download(1, 120))!.value).toBeCloseTo(1.2e6 / 3e6 / 2, 12);
  });

  it('a run that broke off shows nothing, even for manifest events that arrive after it; the next source\'s run does', () => {
    const bar = new LoadProgress();
    const manifest = (done: number) => ({ phase: 'manifest' as const, filesDone: done, filesTotal: 1, bytesDone: 0, bytesTotal: 0 });
    bar.startRun();
    expect(bar.next(manifest(0))).toEqual({ label: 'Reading the profile list…', value: 0 });
    expect(bar.breakOff()).toBeNull();
    expect(bar.next(manifest(1))).toBeNull();
    expect(bar.next(manifest(0))).toBeNull();
    // Another exchange's months load on the open source: shown.
    expect(bar.next({ phase: 'load', filesDone: 0, filesTotal: 2, bytesDone: 0, bytesTotal: 0 })?.label).toBe('Loading profiles: 0/2 files');
    bar.startRun();
    expect(bar.next(manifest(0))).toEqual({ label: 'Reading the profile list…', value: 0 });
  });

  it('shows the profile list being read, and an upload decoding by bytes', () => {
    const bar = new LoadProgress();
    expect(bar.next({ phase: 'manifest', filesDone: 1, filesTotal: 1, bytesDone: 0, bytesTotal: 0 })).toEqual({ label: 'Reading the profile list…', value: 0 });
    const upload = new LoadProgress();
    expect(upload.next({ phase: 'decode', filesDone: 1, filesTotal: 2, bytesDone: 3e6, bytesTotal: 4e6 })).toEqual({ label: 'Decoding profiles: 1/2 files, 3.0/4.0 MB', value: 0.75 });
    expect(upload.next({ phase: 'decode', filesDone: 2, filesTotal: 2, bytesDone: 4e6, bytesTotal: 4e6 })).toBeNull();
  });
});
