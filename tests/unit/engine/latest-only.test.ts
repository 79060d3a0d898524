import { expect, test } from 'vitest';
import { latestOnly, Superseded } from '../../../src/lib/engine/latest-only.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

test('only the newest of queued requests runs, older ones are superseded', async () => {
  const started: number[] = [];
  const gates = new Map<number, ReturnType<typeof deferred<number>>>();
  const run = latestOnly((n: number) => {
    started.push(n);
    const d = deferred<number>();
    gates.set(n, d);
    return d.promise;
  });
  const a = run(1);
  await new Promise((r) => setTimeout(r, 0));
  const b = run(2);
  const c = run(3);
  await Promise.resolve();
  gates.get(1)!.resolve(1);
  await expect(a).rejects.toBeInstanceOf(Superseded);
  await expect(b).rejects.toBeInstanceOf(Superseded);
  await new Promise((r) => setTimeout(r, 0));
  gates.get(3)!.resolve(3);
  await expect(c).resolves.toBe(3);
  expect(started).toEqual([1, 3]);
});

test('a lone request resolves, and a failure reaches its caller', async () => {
  const run = latestOnly(async (n: number) => {
    if (n < 0) throw new Error('negative');
    return n * 2;
  });
  await expect(run(2)).resolves.toBe(4);
  await expect(run(-1)).rejects.toThrow('negative');
  await expect(run(5)).resolves.toBe(10);
});
