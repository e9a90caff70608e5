/**
 * Page entry: installs `window.obPlayground`, renders the UI and boots the cluster (after the
 * single-tab lock). The API is installed first so automation can await `ready` at once.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startPlayground } from './host/playground';
import { installWindowApi } from './host/windowApi';
import './styles.css';

installWindowApi();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void startPlayground();
