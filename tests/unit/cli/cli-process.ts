/** Runs the `liqmap` command as a child process (tsx on the sources), and the bundled sample it reads. */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const SAMPLE = path.join(ROOT, 'public/sample');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
/** One process with tsx's loader (the tsx command would put a relay process in front, between a signal and the command). */
const CLI = ['--import', 'tsx', path.join(ROOT, 'tools/cli/liqmap.ts')];

/** public/sample as `npm run sample` builds it (skipped when up to date). */
export function ensureSample(): string {
  if (!existsSync(path.join(SAMPLE, 'manifest.json'))) execFileSync(TSX, ['tools/sample.ts'], { cwd: ROOT, stdio: 'ignore' });
  return SAMPLE;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The signal that ended it: SIGKILL when it ran past `timeoutMs`. */
  signal: NodeJS.Signals | null;
}

/** `timeoutMs`: a command that could hang is killed (SIGKILL, which no handler of its own delays) after this long. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 0): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 256 << 20, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const signal = (error?.signal ?? null) as NodeJS.Signals | null;
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : signal ? null : 1) : 0, stdout, stderr, signal });
    });
  });
}

/** A long-running command (serve, record); the caller stops it. `preload`: modules imported before it (test hooks). */
export function startCli(args: string[], preload: string[] = [], env: NodeJS.ProcessEnv = {}): ChildProcess {
  // After tsx's loader, which lets them be TypeScript.
  const hooks = preload.flatMap((p) => ['--import', p]);
  return spawn(process.execPath, [...CLI.slice(0, 2), ...hooks, ...CLI.slice(2), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}
