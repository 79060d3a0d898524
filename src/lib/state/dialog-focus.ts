/**
 * The keyboard inside a modal dialog (the phone's settings panel): the page behind it is inert,
 * so Tab past its last control, or Shift+Tab before its first, comes round to its other end
 * rather than leave the dialog for the browser's own controls.
 */
import { controlsIn } from './focus-keeper.ts';

/** On a Tab key in `dialog`: at its last (first) control, the focus goes round to its first (last). */
export function tabWithin(e: KeyboardEvent, dialog: HTMLElement): void {
  if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
  const controls = controlsIn(dialog);
  if (!controls.length) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  const at = document.activeElement;
  // From the dialog itself (focused by a click on its text) or an end: round to the other end.
  const to = e.shiftKey ? (at === first || at === dialog ? last : null) : (at === last ? first : null);
  if (!to) return;
  e.preventDefault();
  to.focus();
}
