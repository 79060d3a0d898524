/**
 * The settings panel on a phone's width. Below 800 px the chart comes first and the settings open
 * on demand, as a modal dialog over it: the focus moves in (onto Close settings), Tab goes round
 * inside it, the page behind is inert (no focus, no screen reader), and Escape, Close settings or
 * a tap beside it close it, the focus going back to the Settings button. Widened past 800 px, the
 * panel is the sidebar again. The page draws it (App.svelte) from `open`; the page's parts outside
 * the app (the update and offline notes main.ts mounts) are made inert here (inertBeside).
 */
import { tick as domUpdated } from 'svelte';
import { tabWithin } from './dialog-focus.ts';

/** Wide enough for the sidebar: the settings are never a dialog there. */
export const SIDEBAR_MEDIA = '(min-width: 801px)';

export class SettingsDialog {
  open = $state(false);
  /** The Settings button (bound by the page): the focus returns to it. */
  toggleButton = $state<HTMLButtonElement | undefined>();
  /** Close settings (bound by the page): the focus moves onto it. */
  closeButton = $state<HTMLButtonElement | undefined>();

  toggle = (): void => {
    this.open = !this.open;
    if (this.open) void domUpdated().then(() => this.closeButton?.focus());
  };

  // Once the page behind is no longer inert (an inert button takes no focus).
  close = (): void => {
    this.open = false;
    void domUpdated().then(() => this.toggleButton?.focus());
  };

  /** The window's keys: Escape closes the open dialog. */
  key = (e: KeyboardEvent): void => {
    if (!this.open || e.defaultPrevented) return;
    if (e.key === 'Escape') { e.preventDefault(); this.close(); }
  };

  /** The panel's keys: Tab goes round inside it while it is a dialog. */
  panelKey = (e: KeyboardEvent & { currentTarget: HTMLElement }): void => {
    if (this.open) tabWithin(e, e.currentTarget);
  };

  /**
   * While open, every part of the page beside the app's own (the body's other children: the notes
   * main.ts mounts next to the app) is inert too, as App.svelte makes its own parts behind the
   * dialog: no focus, no screen reader, nothing but the dialog to reach. Returns the stop.
   */
  inertBeside(body: HTMLElement = document.body): () => void {
    return $effect.root(() => {
      $effect(() => {
        const inDialog = this.closeButton;
        if (!this.open || !inDialog) return;
        // Only those it makes inert, so closing leaves any other part's own choice alone.
        const beside = [...body.children].filter((el): el is HTMLElement => el instanceof HTMLElement && !el.contains(inDialog) && !el.inert);
        for (const el of beside) el.inert = true;
        return () => { for (const el of beside) el.inert = false; };
      });
    });
  }

  /** Closes the dialog when the window widens to the sidebar's width; returns the stop. */
  followWidth(wide: MediaQueryList = matchMedia(SIDEBAR_MEDIA)): () => void {
    const sidebar = () => { if (wide.matches) this.open = false; };
    wide.addEventListener('change', sidebar);
    return () => wide.removeEventListener('change', sidebar);
  }
}
