/**
 * The phone's settings dialog: where the focus goes on opening and closing, Escape, and the
 * dialog giving way to the sidebar when the window widens.
 */
import { describe, expect, it } from 'vitest';
import { tick } from 'svelte';
import { SettingsDialog } from '../../../src/lib/state/settings-dialog.svelte.ts';

function button(focused: string[], name: string): HTMLButtonElement {
  return { focus: () => void focused.push(name) } as unknown as HTMLButtonElement;
}

function escape(prevented = false) {
  let stopped = false;
  return { key: 'Escape', defaultPrevented: prevented, preventDefault: () => void (stopped = true), get stopped() { return stopped; } };
}

describe('SettingsDialog', () => {
  it('moves the focus in on opening and back to Settings on closing', async () => {
    const focused: string[] = [];
    const d = new SettingsDialog();
    d.toggleButton = button(focused, 'Settings');
    d.closeButton = button(focused, 'Close settings');
    d.toggle();
    expect(d.open).toBe(true);
    await tick();
    expect(focused).toEqual(['Close settings']);
    d.toggle();
    await tick();
    expect(d.open).toBe(false);
    expect(focused).toEqual(['Close settings']);
    d.toggle();
    d.close();
    await tick();
    expect(focused.at(-1)).toBe('Settings');
  });

  it('closes on Escape only while open, and not when another part of the page took the key', () => {
    const d = new SettingsDialog();
    const closed = escape();
    d.key(closed as unknown as KeyboardEvent);
    expect(closed.stopped).toBe(false);
    d.toggle();
    const taken = escape(true);
    d.key(taken as unknown as KeyboardEvent);
    expect(d.open).toBe(true);
    const e = escape();
    d.key(e as unknown as KeyboardEvent);
    expect(d.open).toBe(false);
    expect(e.stopped).toBe(true);
  });

  it('gives way to the sidebar when the window widens, until stopped', () => {
    const listeners = new Set<() => void>();
    const media = { matches: false, addEventListener: (_: string, l: () => void) => listeners.add(l), removeEventListener: (_: string, l: () => void) => listeners.delete(l) };
    const d = new SettingsDialog();
    const stop = d.followWidth(media as unknown as MediaQueryList);
    d.toggle();
    listeners.forEach((l) => l()); // narrower still
    expect(d.open).toBe(true);
    media.matches = true;
    listeners.forEach((l) => l());
    expect(d.open).toBe(false);
    stop();
    expect(listeners.size).toBe(0);
  });
});
