/**
 * Teaching keys: the key → action mapping (with focus and modifiers), focus classification, the
 * clock speed steps and which server `k` kills.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, LsReplicaSnapshot, ServerSnapshot, TenantSnapshot } from '../../engine/server/snapshot';
import { focusKind, keyAction, leaderToKill, nextClockRate, TEACHING_SHORTCUTS, type ElementLike, type KeyContext, type KeyLike } from './shortcuts';

const press = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
const idle: KeyContext = { focus: 'other', overlayOpen: false };

describe('keyAction', () => {
  it('maps each teaching key to its action when nothing is focused', () => {
    expect(keyAction(press('k'), idle)).toBe('kill-leader');
    expect(keyAction(press('r'), idle)).toBe('restart-down');
    expect(keyAction(press('f'), idle)).toBe('minor-freeze');
    expect(keyAction(press('m'), idle)).toBe('major-freeze');
    expect(keyAction(press('n'), idle)).toBe('next-cell');
    expect(keyAction(press(' '), idle)).toBe('toggle-clock');
    expect(keyAction(press('['), idle)).toBe('slower');
    expect(keyAction(press(']'), idle)).toBe('faster');
    expect(keyAction(press('t'), idle)).toBe('toggle-presenter');
    expect(keyAction(press('?', { shiftKey: true }), idle)).toBe('toggle-overlay');
  });

  it('lists every key once in the overlay table', () => {
    const keys = TEACHING_SHORTCUTS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of TEACHING_SHORTCUTS) expect(keyAction(press(s.key, { shiftKey: s.key === '?' }), idle)).toBe(s.action);
  });

  it('ignores every key while typing in a text field or editor', () => {
    for (const s of TEACHING_SHORTCUTS) expect(keyAction(press(s.key), { focus: 'text', overlayOpen: false })).toBeNull();
  });

  it('ignores keys pressed with Ctrl, ⌘ or Alt, and letters with Shift', () => {
    expect(keyAction(press('k', { ctrlKey: true }), idle)).toBeNull();
    expect(keyAction(press('k', { metaKey: true }), idle)).toBeNull();
    expect(keyAction(press('k', { altKey: true }), idle)).toBeNull();
    expect(keyAction(press('K', { shiftKey: true }), idle)).toBeNull();
    expect(keyAction(press(' ', { shiftKey: true }), idle)).toBeNull();
  });

  it('ignores auto-repeat, so holding k kills one server', () => {
    expect(keyAction(press('k', { repeat: true }), idle)).toBeNull();
  });

  it('leaves Space to a focused button, but other keys still act there', () => {
    const onButton: KeyContext = { focus: 'control', overlayOpen: false };
    expect(keyAction(press(' '), onButton)).toBeNull();
    expect(keyAction(press('k'), onButton)).toBe('kill-leader');
  });

  it('while the overlay is open, only Esc and ? act (they close it)', () => {
    const open: KeyContext = { focus: 'control', overlayOpen: true };
    expect(keyAction(press('Escape'), open)).toBe('close-overlay');
    expect(keyAction(press('?', { shiftKey: true }), open)).toBe('close-overlay');
    expect(keyAction(press('k'), open)).toBeNull();
    expect(keyAction(press(' '), { focus: 'other', overlayOpen: true })).toBeNull();
  });

  it('does not take Esc or unrelated keys when the overlay is closed', () => {
    expect(keyAction(press('Escape'), idle)).toBeNull();
    expect(keyAction(press('x'), idle)).toBeNull();
    expect(keyAction(press('Enter'), idle)).toBeNull();
  });
});

function el(tagName: string, attrs: Record<string, string> = {}, extra: { editable?: boolean; inMonaco?: boolean } = {}): ElementLike {
  return {
    tagName,
    isContentEditable: extra.editable ?? false,
    getAttribute: (n) => attrs[n] ?? null,
    closest: (sel) => (sel === '.monaco-editor' && extra.inMonaco ? {} : null),
  };
}

describe('focusKind', () => {
  it('treats text inputs, textareas, selects, contenteditable and Monaco as text', () => {
    expect(focusKind(el('INPUT'))).toBe('text');
    expect(focusKind(el('input', { type: 'number' }))).toBe('text');
    expect(focusKind(el('TEXTAREA'))).toBe('text');
    expect(focusKind(el('SELECT'))).toBe('text');
    expect(focusKind(el('DIV', {}, { editable: true }))).toBe('text');
    expect(focusKind(el('DIV', {}, { inMonaco: true }))).toBe('text');
  });

  it('treats buttons, links, checkboxes and role=button/tab as controls', () => {
    expect(focusKind(el('BUTTON'))).toBe('control');
    expect(focusKind(el('A'))).toBe('control');
    expect(focusKind(el('INPUT', { type: 'checkbox' }))).toBe('control');
    expect(focusKind(el('DIV', { role: 'tab' }))).toBe('control');
    expect(focusKind(el('SPAN', { role: 'button' }))).toBe('control');
  });

  it('treats the page body and plain elements as neither', () => {
    expect(focusKind(null)).toBe('other');
    expect(focusKind(el('BODY'))).toBe('other');
    expect(focusKind(el('SECTION'))).toBe('other');
  });
});

describe('nextClockRate', () => {
  const rates = [0.1, 0.25, 0.5, 1, 2, 5, 10];
  it('steps one speed slower or faster', () => {
    expect(nextClockRate(rates, 1, 1)).toBe(2);
    expect(nextClockRate(rates, 1, -1)).toBe(0.5);
    expect(nextClockRate(rates, 0.25, -1)).toBe(0.1);
  });
  it('stops at the ends', () => {
    expect(nextClockRate(rates, 10, 1)).toBeNull();
    expect(nextClockRate(rates, 0.1, -1)).toBeNull();
  });
  it('moves an unlisted speed to its neighbour in that direction', () => {
    expect(nextClockRate(rates, 3, 1)).toBe(5);
    expect(nextClockRate(rates, 3, -1)).toBe(2);
  });
});

function replica(tenantId: number, lsId: number, role: 'LEADER' | 'FOLLOWER', proposalId = 1): LsReplicaSnapshot {
  return {
    tenantId, lsId, role, replicaType: 'FULL', proposalId, memberList: [1, 2, 3], leaderServerId: null,
    lastLsn: 0, committedLsn: 0, appliedLsn: 0, appliedScn: '0', checkpointLsn: 0, tabletCount: 0,
  };
}

function server(serverId: number, zone: string, lsReplicas: LsReplicaSnapshot[], status: ServerSnapshot['status'] = 'ACTIVE'): ServerSnapshot {
  return { serverId, zone, status, lsReplicas } as unknown as ServerSnapshot;
}

function tenant(tenantId: number, tenantName: string, lsIds: number[]): TenantSnapshot {
  return { tenantId, tenantName, ls: lsIds.map((lsId) => ({ tenantId, lsId, status: 'NORMAL' })) } as unknown as TenantSnapshot;
}

function cluster(servers: ServerSnapshot[]): ClusterSnapshot {
  return { servers, tenants: [tenant(1, 'sys', [1]), tenant(1002, 'test', [1, 1002, 1001])] } as unknown as ClusterSnapshot;
}

describe('leaderToKill', () => {
  const all = () => true;
  const snap = cluster([
    server(1, 'zone1', [replica(1, 1, 'LEADER'), replica(1002, 1001, 'FOLLOWER'), replica(1002, 1002, 'LEADER')]),
    server(2, 'zone2', [replica(1, 1, 'FOLLOWER'), replica(1002, 1001, 'LEADER'), replica(1002, 1002, 'FOLLOWER')]),
    server(3, 'zone3', [replica(1, 1, 'FOLLOWER'), replica(1002, 1001, 'FOLLOWER'), replica(1002, 1002, 'FOLLOWER')]),
  ]);

  it("picks the leader of a user tenant's lowest LS id >= 1001", () => {
    expect(leaderToKill(snap, 'test', all)).toEqual({ serverId: 2, zone: 'zone2', tenantId: 1002, tenantName: 'test', lsId: 1001 });
  });

  it('picks the leader of LS 1 for sys', () => {
    expect(leaderToKill(snap, 'sys', all)).toMatchObject({ serverId: 1, zone: 'zone1', lsId: 1 });
  });

  it('prefers the leader with the highest proposal id (a stale leader behind a partition loses)', () => {
    const split = cluster([
      server(1, 'zone1', [replica(1002, 1001, 'LEADER', 3)]),
      server(2, 'zone2', [replica(1002, 1001, 'LEADER', 4)]),
      server(3, 'zone3', [replica(1002, 1001, 'FOLLOWER', 4)]),
    ]);
    expect(leaderToKill(split, 'test', all)).toMatchObject({ serverId: 2 });
  });

  it('skips servers that are not running', () => {
    const stale = cluster([server(2, 'zone2', [replica(1002, 1001, 'LEADER')]), server(3, 'zone3', [replica(1002, 1001, 'FOLLOWER')])]);
    expect(leaderToKill(stale, 'test', (id) => id !== 2)).toMatch(/no leader right now/);
    const crashed = cluster([server(2, 'zone2', [replica(1002, 1001, 'LEADER')], 'CRASHED')]);
    expect(leaderToKill(crashed, 'test', all)).toMatch(/no leader/);
  });

  it('says why when there is nothing to kill', () => {
    expect(leaderToKill(null, 'test', all)).toMatch(/not running/);
    expect(leaderToKill(snap, 'nope', all)).toMatch(/No tenant nope/);
  });
});
