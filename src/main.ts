/// <reference types="vite-plugin-pwa/vanillajs" />
import './engine-early.ts'; // first the engine worker: see there
// Its own entry, run before this one (index.html); this module's body (the mount) waits for its
// picture's decode (see there).
import { dropEarlyPicture } from './early-picture.ts';
import { mount } from 'svelte';
import { registerSW, type RegisterSWOptions } from 'virtual:pwa-register';
import App from './App.svelte';
import UpdatePrompt from './components/UpdatePrompt.svelte';
import { afterFirstView } from './lib/state/first-view.ts';
import { keepFocus } from './lib/state/focus-keeper.ts';
import './app.css';

/** A long-open tab still learns of a new deployment. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

const app = document.getElementById('app')!;
// The service worker's notes (UpdatePrompt) get a box of their own after the app, there from the
// start, so that the phone's settings dialog makes them inert with the rest of the page (inertBeside).
const notes = document.createElement('div');
notes.className = 'notes';
app.after(notes);
mount(App, { target: app });
// The focus stays in place when its control goes (a row deleted, a banner dismissed); the
// update prompt is mounted on the body, so the whole body is watched.
keepFocus(document.body);

// The saved picture the early script painted goes once a chart shows it itself (ChartFrame's
// own image of it) or the chart is drawn; or when the first view is shown some other way.
const drop = () => { drawn.disconnect(); dropEarlyPicture(); };
const drawn = new MutationObserver(drop);
drawn.observe(app, { subtree: true, attributeFilter: ['data-saved-drawn', 'data-drawn'] });
afterFirstView(drop);

// The precache downloads the whole build: after the first chart, when the page's own copies
// are in the HTTP cache and a revalidation (304) is all it costs, not a second download.
afterFirstView(() => mount(UpdatePrompt, {
  target: notes,
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
