/**
 * Page preferences and view state: the theme (kept in localStorage), which tab the right panel
 * shows, the log-stream replica whose details are open, whether the network fault panel is open,
 * which kinds of events the timeline shows, the left pane's editor tab (SQL | KV | HBase) and the
 * server / LS replica a KV call's route highlights, and (issue #6) whether the presenter layout is on.
 * Nothing here is a database fact.
 */
import { create } from 'zustand';
import type { EventGroup } from '../format/events';

export type Theme = 'light' | 'dark';
export type RightTab = 'cluster' | 'storage';
/** Issue #5: the left pane's editor (SQL | KV | HBase). */
export type EditorTab = 'sql' | 'kv' | 'hbase';

/**
 * Issue #5: the server and LS replica a KV call went to, highlighted on the topology panel
 * (ServerCard, LsReplicaChip). `tenantId` null when the tenant is not in the snapshot.
 */
export interface RouteHighlight {
  serverId: number;
  tenantId: number | null;
  lsId: number;
  /** What the highlight shows, e.g. `KV get('t1', [1])`. */
  label: string;
}

/** A replica the user clicked: tenant, LS and the server holding it. */
export interface ReplicaRef {
  tenantId: number;
  lsId: number;
  serverId: number;
}

const THEME_KEY = 'ob-playground-theme';

function initialTheme(): Theme {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(THEME_KEY) : null;
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const PRESENTER_KEY = 'ob-playground-presenter';

/** Issue #6: `?present=1` / `?present=0` in the page's URL wins (and is remembered), else the saved choice. */
function initialPresenter(): boolean {
  const param = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('present') : null;
  if (param === '1' || param === '0') {
    savePresenter(param === '1');
    return param === '1';
  }
  return typeof localStorage !== 'undefined' && localStorage.getItem(PRESENTER_KEY) === '1';
}

function savePresenter(on: boolean): void {
  try {
    if (typeof localStorage !== 'undefined') localStorage.setItem(PRESENTER_KEY, on ? '1' : '0');
  } catch {
    // Storage may be unavailable (private mode, quota): the choice lasts for this page only.
  }
}

interface UiState {
  theme: Theme;
  rightTab: RightTab;
  selectedReplica: ReplicaRef | null;
  networkOpen: boolean;
  /** Event groups hidden from the timeline (none by default). */
  hiddenEventGroups: EventGroup[];
  editorTab: EditorTab;
  routeHighlight: RouteHighlight | null;
  /** Issue #6: the presenter layout (large type, topology in focus); kept in localStorage, `?present=1` turns it on. */
  presenter: boolean;
}

export const useUiStore = create<UiState>(() => ({
  theme: initialTheme(),
  rightTab: 'cluster',
  selectedReplica: null,
  networkOpen: false,
  hiddenEventGroups: [],
  editorTab: 'sql',
  routeHighlight: null,
  presenter: initialPresenter(),
}));

export function setEditorTab(editorTab: EditorTab): void {
  useUiStore.setState({ editorTab });
}

/** Highlights where a KV call went (null clears it). */
export function setRouteHighlight(routeHighlight: RouteHighlight | null): void {
  useUiStore.setState({ routeHighlight });
}

export function toggleTheme(): void {
  const theme: Theme = useUiStore.getState().theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem(THEME_KEY, theme);
  useUiStore.setState({ theme });
}

export function setRightTab(rightTab: RightTab): void {
  useUiStore.setState({ rightTab });
}

/** Opens a replica's details (null closes them; clicking the open one again closes it). */
export function selectReplica(ref: ReplicaRef | null): void {
  const cur = useUiStore.getState().selectedReplica;
  const same = cur && ref && cur.tenantId === ref.tenantId && cur.lsId === ref.lsId && cur.serverId === ref.serverId;
  useUiStore.setState({ selectedReplica: same ? null : ref });
}

export function setNetworkOpen(networkOpen: boolean): void {
  useUiStore.setState({ networkOpen });
}

/** Shows or hides one group of events in the timeline. */
export function toggleEventGroup(group: EventGroup): void {
  const hidden = useUiStore.getState().hiddenEventGroups;
  useUiStore.setState({ hiddenEventGroups: hidden.includes(group) ? hidden.filter((g) => g !== group) : [...hidden, group] });
}

/** Issue #6: switches the presenter layout on or off (remembered in localStorage). */
export function setPresenter(presenter: boolean): void {
  savePresenter(presenter);
  useUiStore.setState({ presenter });
}

/** Issue #6: toggles the presenter layout; returns the new state. */
export function togglePresenter(): boolean {
  const presenter = !useUiStore.getState().presenter;
  setPresenter(presenter);
  return presenter;
}
