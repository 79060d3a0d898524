/**
 * A newer request for the same view supersedes an older one: slider drags never queue up
 * stale work, and a stale result is never drawn after a newer one.
 */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'Superseded';
  }
}

export function latestOnly<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let generation = 0;
  let running: Promise<unknown> = Promise.resolve();
  return async (...args: A) => {
    const mine = ++generation;
    // Wait for the request already in the worker instead of piling a second one behind it.
    await running.catch(() => undefined);
    if (mine !== generation) throw new Superseded();
    const job = run(...args);
    running = job;
    const result = await job;
    if (mine !== generation) throw new Superseded();
    return result;
  };
}
