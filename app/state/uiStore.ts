/**
 * Page preferences and view state: the theme (kept in localStorage), which tab the right panel
 * shows, the log-stream replica whose details are open, whether the network fault panel is open,
 * and which kinds of events the timeline shows. Nothing here is a database fact.
 */
import { create } from 'zustand';
import type { EventGroup } from '../format/events';

export type Theme = 'light' | 'dark';
export type RightTab = 'cluster' | 'storage';

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

interface UiState {
  theme: Theme;
  rightTab: RightTab;
  selectedReplica: ReplicaRef | null;
  networkOpen: boolean;
  /** Event groups hidden from the timeline (none by default). */
  hiddenEventGroups: EventGroup[];
}

export const useUiStore = create<UiState>(() => ({
  theme: initialTheme(),
  rightTab: 'cluster',
  selectedReplica: null,
  networkOpen: false,
  hiddenEventGroups: [],
}));

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
