/**
 * Imported first by main.ts: the engine worker starts (fetching and
 * evaluating its code, then the manifest and profiles when asked) while this thread is still
 * evaluating the app's code.
 */
import { startEngineWorkerEarly } from './lib/engine/spawn.ts';

startEngineWorkerEarly();
