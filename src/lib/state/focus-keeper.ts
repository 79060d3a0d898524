/**
 * Keeps the keyboard focus in its place when the focused control goes away: a row deleted with
 * its own button, a banner dismissed, a button disabled by its own action. Left alone, the focus
 * falls back to the page's start, and a keyboard or screen-reader user must find their way back
 * from there. One rule for the whole app: the focus moves to the next control where the lost one
 * stood (the row that took its place), else the one before it, else the next one up the page; a
 * control disabled in place hands it to the control before it.
 * A component that knows better (DataCache's Delete) moves the focus itself afterwards.
 */

const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** Whether `el` can take the focus now: enabled, shown (not in a closed disclosure either), not inert. */
function canFocus(el: Element): el is HTMLElement {
  return el instanceof HTMLElement && !(el as HTMLButtonElement).disabled && !el.closest('[inert], fieldset:disabled')
    && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && (el.checkVisibility?.() ?? true);
}

/** The controls in `within` that can take the focus now, in document (Tab) order. */
export function controlsIn(within: Element): HTMLElement[] {
  return [...within.querySelectorAll(FOCUSABLE)].filter(canFocus);
}

/**
 * The first control in `within` at or after `anchor` in document order, else the last one before
 * it; controls inside `skip` (where the search came from) are passed over. No anchor: the last.
 */
function nearest(within: Element, anchor: Node | null, skip: Node | null): HTMLElement | null {
  const all = [...within.querySelectorAll(FOCUSABLE)].filter((el): el is HTMLElement => canFocus(el) && !skip?.contains(el));
  if (!anchor) return all[all.length - 1] ?? null;
  const follows = (el: Element) => el === anchor || !!(anchor.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  return all.find(follows) ?? all.filter((el) => !follows(el)).pop() ?? null;
}

/** The last control before `el` on the page. */
function previous(el: Element): HTMLElement | null {
  const before = [...document.body.querySelectorAll(FOCUSABLE)].filter((c): c is HTMLElement => canFocus(c) && !!(el.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_PRECEDING) && !c.contains(el));
  return before[before.length - 1] ?? null;
}

/** Where the removed `lost` stood: the parent it was removed from and the node after it. */
function placeOf(lost: Node, records: MutationRecord[]): { parent: Node; next: Node | null } | null {
  for (const r of records) {
    for (const node of r.removedNodes) if (node === lost || node.contains(lost)) return { parent: r.target, next: r.nextSibling };
  }
  return null;
}

/** The control to focus instead of `lost` (removed or disabled), or null. */
function replacement(lost: HTMLElement, records: MutationRecord[]): HTMLElement | null {
  // Disabled in place (Watch once its symbol is added, Back to live once back): the control
  // before it, as a rule the field that led to it; else the next one.
  if (lost.isConnected) return previous(lost) ?? nearest(document.body, lost, lost);
  const place = placeOf(lost, records);
  if (!place) return null;
  // Where it stood in its parent; else up from there, beside the part already searched.
  let found = place.parent instanceof Element && place.parent.isConnected ? nearest(place.parent, place.next?.isConnected ? place.next : null, null) : null;
  for (let from: Node = place.parent, up = from.parentNode; !found && up; from = up, up = up.parentNode) {
    if (up instanceof Element && up.isConnected) found = nearest(up, from, from);
  }
  return found;
}

/**
 * Watch the page from now on; returns the stop. Only after keyboard use: a tap or click that
 * removes its own button leaves the focus alone (on a phone, focusing the next field would
 * open the on-screen keyboard).
 */
export function keepFocus(root: HTMLElement = document.body): () => void {
  let focused: HTMLElement | null = null;
  let keyboard = false;
  const onFocusIn = (e: FocusEvent) => { focused = e.target instanceof HTMLElement ? e.target : null; };
  const onKey = () => { keyboard = true; };
  const onPointer = () => { keyboard = false; };
  const observer = new MutationObserver((records) => {
    const lost = focused;
    if (!lost || !keyboard || document.activeElement !== document.body) return;
    // Still there and enabled: the focus left on purpose.
    if (lost.isConnected && !(lost as HTMLButtonElement).disabled) return;
    const next = replacement(lost, records);
    if (next) next.focus();
    // Nothing to go to: the next mutation is not about this control.
    else focused = null;
  });
  root.addEventListener('focusin', onFocusIn);
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('pointerdown', onPointer, true);
  observer.observe(root, { subtree: true, childList: true, attributeFilter: ['disabled'] });
  return () => {
    root.removeEventListener('focusin', onFocusIn);
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('pointerdown', onPointer, true);
    observer.disconnect();
  };
}
