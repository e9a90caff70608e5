/**
 * Issue #6 launch from the URL: a share link (H3's codec) opens its scenario, a tampered one is
 * reported with the codec's message, no fragment means the user's cluster; `?embed=1` and the
 * embed's "Open in playground" URL; the banner texts; what a boot opens, and that a link's editor
 * texts never replace the user's in an embed (which cannot give them back).
 */
import { describe, expect, it, vi } from 'vitest';
import { encodeShareFragment } from '../../engine/scenario/share_link';
import type { SharePayload } from '../../engine/scenario/types';
import { badLinkMessage, bootFromLocation, embedMode, openInPlaygroundHref, parseErrorText, readLaunch, watchPastedShareLinks, type OpenScenario } from './linkBoot';

const booted: string[] = [];
vi.mock('./playground', () => ({
  startPlayground: async () => void booted.push('user cluster'),
  bootScenarioCluster: async () => void booted.push('embed default'),
}));
vi.mock('../scenario/editorContents', () => ({
  restoreEditorTexts: async () => void booted.push('restore editors'),
}));

const payload: SharePayload = {
  scenario: '---\ntitle: Two by two\nzones: 2\nservers_per_zone: 2\n---\n\n```sql\nSELECT 1;\n```\n',
  step: 1,
  editors: { sql: 'SELECT * FROM t;', kv: '', hbase: "scan 't1'" },
};

describe('readLaunch', () => {
  it('opens a share link with its payload, also among other fragment parameters', () => {
    const fragment = encodeShareFragment(payload);
    expect(readLaunch({ hash: fragment, search: '' })).toEqual({ kind: 'link', payload });
    expect(readLaunch({ hash: `#x=1&${fragment.slice(1)}`, search: '?embed=1' })).toEqual({ kind: 'link', payload });
  });

  it('starts the user cluster without a link', () => {
    expect(readLaunch({ hash: '', search: '' })).toEqual({ kind: 'user' });
    expect(readLaunch({ hash: '#section-2', search: '?embed=1' })).toEqual({ kind: 'user' });
  });

  it('reports a tampered, truncated or too-new link with a message', () => {
    const fragment = encodeShareFragment(payload);
    const truncated = readLaunch({ hash: fragment.slice(0, fragment.length - 7), search: '' });
    expect(truncated.kind).toBe('bad-link');
    const flipped = fragment.slice(0, 20) + (fragment[20] === 'A' ? 'B' : 'A') + fragment.slice(21);
    expect(readLaunch({ hash: flipped, search: '' }).kind).toBe('bad-link');
    const newer = readLaunch({ hash: fragment.replace('s=v1.', 's=v9.'), search: '' });
    expect(newer).toEqual({ kind: 'bad-link', error: expect.stringContaining('newer playground (v9)') });
    expect(readLaunch({ hash: '#s=garbage', search: '' }).kind).toBe('bad-link');
  });
});

describe('embed mode', () => {
  it('is on only for embed=1', () => {
    expect(embedMode({ search: '?embed=1' })).toBe(true);
    expect(embedMode({ search: '?theme=dark&embed=1' })).toBe(true);
    expect(embedMode({ search: '?embed=0' })).toBe(false);
    expect(embedMode({ search: '' })).toBe(false);
  });

  it('opens the same page without embed=1, keeping the other parameters and the link', () => {
    expect(openInPlaygroundHref('https://x.test/play/?embed=1#s=v1.abc')).toBe('https://x.test/play/#s=v1.abc');
    expect(openInPlaygroundHref('https://x.test/?a=2&embed=1#s=v1.abc')).toBe('https://x.test/?a=2#s=v1.abc');
  });
});

describe('banner texts', () => {
  it('says what failed and what started instead', () => {
    expect(badLinkMessage('bad share link: corrupt data.', false)).toBe(
      'This link could not be opened: bad share link: corrupt data. The playground started with your own cluster.',
    );
    expect(badLinkMessage('x', true)).toMatch(/^This link could not be opened: x\. Showing an empty 3-zone cluster\.$/);
    expect(parseErrorText([{ message: 'zones must be 1..5', line: 3, column: 8 }])).toBe('the scenario has an error at line 3:8: zones must be 1..5');
  });
});

describe('bootFromLocation', () => {
  const location = (hash: string, search = '') => ({ hash, search }) as Location;
  function recorder(): { open: OpenScenario; seen: Parameters<OpenScenario>[1][] } {
    const seen: Parameters<OpenScenario>[1][] = [];
    return { seen, open: async (_text, opts) => (seen.push(opts), { ok: true }) };
  }

  it("an embedded link opens its scenario without touching the user's editor texts", async () => {
    booted.length = 0;
    const { open, seen } = recorder();
    const out = await bootFromLocation({ openScenario: open }, location(encodeShareFragment(payload), '?embed=1'));
    expect(out).toEqual({ launch: 'link', embed: true, opened: 'scenario' });
    expect(seen).toEqual([{ step: 1, editors: undefined, source: 'link' }]);
    expect(booted).toEqual([]);
  });

  it('a link in the full page brings its editors; a plain start puts stashed user texts back first', async () => {
    const { open, seen } = recorder();
    await bootFromLocation({ openScenario: open }, location(encodeShareFragment(payload)));
    expect(seen).toEqual([{ step: 1, editors: payload.editors, source: 'link' }]);
    booted.length = 0;
    expect(await bootFromLocation({ openScenario: open }, location(''))).toEqual({ launch: 'user', embed: false, opened: 'user' });
    expect(booted).toEqual(['restore editors', 'user cluster']);
  });
});

describe('watchPastedShareLinks', () => {
  function fakeWindow(hash: string) {
    let listener: (() => void) | null = null;
    const reloads: string[] = [];
    const win = {
      location: { hash, reload: () => reloads.push(win.location.hash) } as unknown as Location,
      addEventListener: (type: string, cb: () => void) => {
        if (type === 'hashchange') listener = cb;
      },
    };
    return { win, reloads, change: (h: string) => ((win.location as { hash: string }).hash = h, listener?.()) };
  }

  it('reloads when a share link (good or bad) is pasted into the fragment, not for other fragments', () => {
    const f = fakeWindow('');
    watchPastedShareLinks(f.win as unknown as Window);
    f.change('#section-2');
    expect(f.reloads).toEqual([]);
    const link = encodeShareFragment({ scenario: '---\ntitle: x\n---\n', step: 0, editors: { sql: '', kv: '', hbase: '' } });
    f.change(link);
    f.change('#s=v9.garbage');
    expect(f.reloads).toEqual([link, '#s=v9.garbage']);
  });
});
