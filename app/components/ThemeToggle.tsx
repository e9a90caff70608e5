/** Switches between the light and dark themes (remembered in localStorage). */
import { toggleTheme, useUiStore } from '../state/uiStore';

export function ThemeToggle() {
  const theme = useUiStore((s) => s.theme);
  return (
    <button className="btn" data-testid="theme-toggle" onClick={toggleTheme} aria-label="Toggle theme" title={theme === 'dark' ? 'Light theme' : 'Dark theme'}>
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}
