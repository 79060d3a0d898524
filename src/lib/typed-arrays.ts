/** Small typed-array helpers shared by the model, the import and the workers. */

type Growable = Int32Array | Uint32Array | Uint8Array | Float64Array;

/** The array copied into one twice as long (the rest zero): amortised growth of a column. */
export function doubled<T extends Growable>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The bytes on a buffer of their own: themselves when they span their whole buffer, else a
 * copy. Moving (transferring) a view's buffer would take the other bytes on it too.
 */
export const ownBytes = (b: Uint8Array): Uint8Array => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice());
