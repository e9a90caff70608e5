/**
 * Page preferences: the theme (kept in localStorage) and which tab the right panel shows.
 */
import { create } from 'zustand';

export type Theme = 'light' | 'dark';
export type RightTab = 'cluster' | 'storage';

const THEME_KEY = 'ob-playground-theme';

function initialTheme(): Theme {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(THEME_KEY) : null;
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

interface UiState {
  theme: Theme;
  rightTab: RightTab;
}

export const useUiStore = create<UiState>(() => ({ theme: initialTheme(), rightTab: 'cluster' }));

export function toggleTheme(): void {
  const theme: Theme = useUiStore.getState().theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem(THEME_KEY, theme);
  useUiStore.setState({ theme });
}

export function setRightTab(rightTab: RightTab): void {
  useUiStore.setState({ rightTab });
}
