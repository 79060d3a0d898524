/** navigator.onLine, in a page or a worker: false only when the browser knows it is offline. */
export const browserOffline = (): boolean => globalThis.navigator?.onLine === false;
