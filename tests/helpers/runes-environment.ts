/**
 * Node, with modules transformed for the client: a view controller's `.svelte.ts` file is
 * compiled as the browser runs it ($effect runs; the server build would drop it), so its
 * unit test can drive it under `$effect.root` and `flushSync` without a browser.
 */
import type { Environment } from 'vitest/environments';

export default <Environment>{ name: 'runes', viteEnvironment: 'client', setup: () => ({ teardown() {} }) };
