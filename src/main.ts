/// <reference types="vite-plugin-pwa/vanillajs" />
import './early-picture.ts'; // first: see there
import './engine-early.ts'; // then the engine worker: see there
import { mount } from 'svelte';
import { registerSW, type RegisterSWOptions } from 'virtual:pwa-register';
import App from './App.svelte';
import UpdatePrompt from './components/UpdatePrompt.svelte';
import { afterFirstView } from './lib/state/first-view.ts';
import './app.css';

/** A long-open tab still learns of a new deployment. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

mount(App, { target: document.getElementById('app')! });

// The precache downloads the whole build: after the first chart, when the page's own copies
// are in the HTTP cache and a revalidation (304) is all it costs, not a second download.
afterFirstView(() => mount(UpdatePrompt, {
  target: document.body,
  props: {
    register: (handlers: Pick<RegisterSWOptions, 'onNeedRefresh' | 'onOfflineReady'>) =>
      registerSW({
        ...handlers,
        // UpdatePrompt reloads on controllerchange itself; this stops a second reload.
        onNeedReload: () => undefined,
        onRegisteredSW: (_url, registration) => {
          if (registration) setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
        },
      }),
  },
}));
