/**
 * Teaching mode's single-key shortcuts (issue #6): which key does what, and the pure decisions
 * behind them — the key → action mapping (given where the focus is), the next clock speed, and
 * which OBServer `k` kills (the leader of the selected tenant's first user log stream, as the
 * cluster snapshot reports it). No DOM, store or host access here: `useTeachingShortcuts` feeds
 * these functions and `teachingActions` performs the result.
 *
 * Invariants: a key never acts while the focus is in a text field (input, textarea, select,
 * contenteditable, Monaco) or while Ctrl / ⌘ / Alt (or Shift, except for `?`) is held; auto-repeat
 * never acts (holding `k` kills one server); while the overlay is open only `Esc` / `?` act.
 */
import type { ClusterSnapshot } from '../../engine/server/snapshot';

/** What a teaching key does. */
export type TeachingAction =
  | 'kill-leader'
  | 'restart-down'
  | 'minor-freeze'
  | 'major-freeze'
  | 'next-cell'
  | 'toggle-clock'
  | 'slower'
  | 'faster'
  | 'toggle-presenter'
  | 'toggle-overlay'
  | 'close-overlay';

/** One shortcut as the overlay lists it. `key` is `KeyboardEvent.key`; `label` how it is written. */
export interface ShortcutInfo {
  key: string;
  label: string;
  action: TeachingAction;
  description: string;
}

/** The single-key shortcuts, in the order the overlay lists them. */
export const TEACHING_SHORTCUTS: readonly ShortcutInfo[] = [
  { key: 'k', label: 'K', action: 'kill-leader', description: "Kill the OBServer leading the selected tenant's first user log stream (sys: LS 1)" },
  { key: 'r', label: 'R', action: 'restart-down', description: 'Restart every killed or crashed OBServer' },
  { key: 'f', label: 'F', action: 'minor-freeze', description: 'Minor freeze (ALTER SYSTEM MINOR FREEZE) in the selected tenant' },
  { key: 'm', label: 'M', action: 'major-freeze', description: 'Major freeze (ALTER SYSTEM MAJOR FREEZE) in the selected tenant' },
  { key: 'n', label: 'N', action: 'next-cell', description: 'Run the next cell of the open scenario' },
  { key: ' ', label: 'Space', action: 'toggle-clock', description: 'Pause or resume the simulated clock' },
  { key: '[', label: '[', action: 'slower', description: 'Simulated clock slower (down to 0.1×)' },
  { key: ']', label: ']', action: 'faster', description: 'Simulated clock faster (up to 10×)' },
  { key: 't', label: 'T', action: 'toggle-presenter', description: 'Presenter layout on / off (large type, topology in focus)' },
  { key: '?', label: '?', action: 'toggle-overlay', description: 'Show or hide this list' },
];

/** Shortcuts of the rest of the page (with modifiers, or inside an editor), listed in the overlay. */
export const OTHER_SHORTCUTS: readonly { label: string; description: string }[] = [
  { label: 'Esc', description: 'Close this list; return from a past moment to the live cluster; close replica details or the column view' },
  { label: 'Alt+P', description: 'Pause or resume the simulated clock' },
  { label: 'Alt+1 / Alt+2 / Alt+3', description: 'Editor tab: SQL / KV / HBase' },
  { label: 'Alt+Shift+1 / 2 / 3', description: 'Storage view: Tablets / LSM stack / Major compaction' },
  { label: 'Ctrl+Enter / ⌘+Enter', description: 'In an editor: run the statement (or script) at the cursor' },
  { label: 'Ctrl+Shift+Enter', description: 'In the SQL or HBase editor: run everything' },
  { label: 'Ctrl+Alt+Enter', description: 'In the SQL editor: compare the query on row vs column store' },
];

/** The parts of a `KeyboardEvent` the mapping reads. */
export interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  repeat?: boolean;
}

/**
 * Where the focus is: `text` — a field that takes typed keys (input, textarea, select,
 * contenteditable, Monaco); `control` — a button-like element that Space activates; `other`.
 */
export type FocusKind = 'text' | 'control' | 'other';

export interface KeyContext {
  focus: FocusKind;
  overlayOpen: boolean;
}

const BY_KEY = new Map(TEACHING_SHORTCUTS.map((s) => [s.key, s.action]));

/**
 * The teaching action a key press asks for, or null when the key is not ours or must go to
 * the page (typing, a held modifier, auto-repeat, Space on a button, anything but Esc / `?`
 * while the overlay is open).
 */
export function keyAction(e: KeyLike, ctx: KeyContext): TeachingAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (ctx.focus === 'text') return null;
  if (ctx.overlayOpen) return e.key === 'Escape' || e.key === '?' ? 'close-overlay' : null;
  if (e.repeat) return null;
  if (e.shiftKey && e.key !== '?') return null;
  if (e.key === ' ' && ctx.focus === 'control') return null;
  return BY_KEY.get(e.key) ?? null;
}

/** The parts of an element `focusKind` reads (an `HTMLElement` has them all). */
export interface ElementLike {
  tagName: string;
  isContentEditable?: boolean;
  getAttribute(name: string): string | null;
  closest(selector: string): unknown;
}

const TEXT_TAGS = new Set(['TEXTAREA', 'SELECT']);
const CONTROL_TAGS = new Set(['BUTTON', 'A', 'SUMMARY']);
const CONTROL_ROLES = new Set(['button', 'tab', 'checkbox', 'radio', 'switch', 'menuitem', 'option', 'link']);
/** Input types that take no typed text (Space toggles or presses them). */
const CONTROL_INPUT_TYPES = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/** Classifies the element a key event was aimed at (null: the document itself). */
export function focusKind(el: ElementLike | null): FocusKind {
  if (!el || typeof el.tagName !== 'string') return 'other';
  const tag = el.tagName.toUpperCase();
  if (tag === 'INPUT') return CONTROL_INPUT_TYPES.has((el.getAttribute('type') ?? 'text').toLowerCase()) ? 'control' : 'text';
  if (TEXT_TAGS.has(tag) || el.isContentEditable || el.closest('.monaco-editor')) return 'text';
  if (CONTROL_TAGS.has(tag) || CONTROL_ROLES.has(el.getAttribute('role') ?? '')) return 'control';
  return 'other';
}

/**
 * The next speed of the simulated clock, one step `dir` (-1 slower, +1 faster) through `rates`
 * (ascending, × real time), or null at the end. A rate not in the list moves to its nearest
 * neighbour in that direction.
 */
export function nextClockRate(rates: readonly number[], current: number, dir: -1 | 1): number | null {
  if (dir > 0) return rates.find((r) => r > current) ?? null;
  return [...rates].reverse().find((r) => r < current) ?? null;
}

/** The server `k` kills and why. */
export interface KillTarget {
  serverId: number;
  zone: string;
  tenantId: number;
  tenantName: string;
  lsId: number;
}

/**
 * The OBServer leading tenant `tenantName`'s first user log stream (the lowest LS id ≥ 1001; for
 * sys, LS 1), among the servers `running` accepts, as `snapshot` reports it: the LEADER replica
 * with the highest proposal id (a stale leader cut off by a partition has a lower one). Returns
 * a sentence saying why instead when the tenant, the LS or a live leader is unknown.
 */
export function leaderToKill(snapshot: ClusterSnapshot | null, tenantName: string, running: (serverId: number) => boolean): KillTarget | string {
  if (!snapshot) return 'The cluster is not running yet';
  const tenant = snapshot.tenants.find((t) => t.tenantName === tenantName);
  if (!tenant) return `No tenant ${tenantName} in the cluster`;
  const lsId = firstUserLs(snapshot, tenant.tenantId);
  if (lsId === null) return `Tenant ${tenantName} has no user log stream`;
  const leaders = snapshot.servers
    .filter((s) => running(s.serverId) && s.status !== 'CRASHED' && s.status !== 'STOPPED')
    .flatMap((s) => s.lsReplicas.filter((r) => r.tenantId === tenant.tenantId && r.lsId === lsId && r.role === 'LEADER').map((r) => ({ s, r })))
    .sort((a, b) => b.r.proposalId - a.r.proposalId);
  const chosen = leaders[0]?.s;
  if (!chosen) return `LS ${lsId} of tenant ${tenantName} has no leader right now (electing?)`;
  return { serverId: chosen.serverId, zone: chosen.zone, tenantId: tenant.tenantId, tenantName, lsId };
}

function firstUserLs(snapshot: ClusterSnapshot, tenantId: number): number | null {
  if (tenantId === 1) return 1;
  const fromTenant = snapshot.tenants.find((t) => t.tenantId === tenantId)!.ls.filter((l) => l.lsId >= 1001 && l.status !== 'DROPPING').map((l) => l.lsId);
  const ids = fromTenant.length > 0
    ? fromTenant
    : snapshot.servers.flatMap((s) => s.lsReplicas.filter((r) => r.tenantId === tenantId && r.lsId >= 1001).map((r) => r.lsId));
  return ids.length > 0 ? Math.min(...ids) : null;
}
