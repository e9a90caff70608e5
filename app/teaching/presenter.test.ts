/**
 * The presenter flag in the UI store: `?present=1` turns it on (and is remembered), the saved
 * choice is used otherwise, and toggling saves the new state.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

async function freshStore(search: string, saved: Record<string, string> = {}) {
  vi.resetModules();
  const storage = memoryStorage(saved);
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('location', { search });
  const ui = await import('../state/uiStore');
  return { ui, storage };
}

afterEach(() => vi.unstubAllGlobals());

describe('presenter flag', () => {
  it('is off by default', async () => {
    const { ui } = await freshStore('');
    expect(ui.useUiStore.getState().presenter).toBe(false);
  });

  it('?present=1 turns it on and remembers it', async () => {
    const { ui, storage } = await freshStore('?present=1');
    expect(ui.useUiStore.getState().presenter).toBe(true);
    expect(storage.data.get('ob-playground-presenter')).toBe('1');
  });

  it('uses the saved choice without the parameter, and ?present=0 overrides it', async () => {
    expect((await freshStore('', { 'ob-playground-presenter': '1' })).ui.useUiStore.getState().presenter).toBe(true);
    expect((await freshStore('?present=0', { 'ob-playground-presenter': '1' })).ui.useUiStore.getState().presenter).toBe(false);
  });

  it('toggling saves the new state', async () => {
    const { ui, storage } = await freshStore('');
    expect(ui.togglePresenter()).toBe(true);
    expect(ui.useUiStore.getState().presenter).toBe(true);
    expect(storage.data.get('ob-playground-presenter')).toBe('1');
    expect(ui.togglePresenter()).toBe(false);
    expect(storage.data.get('ob-playground-presenter')).toBe('0');
  });
});
