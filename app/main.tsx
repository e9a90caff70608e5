/**
 * Page entry: installs `window.obPlayground`, renders the UI (the compact embed layout for
 * `?embed=1`) and starts from the URL: a share link opens its scenario in its own namespace, a
 * bad link shows a banner and the user's cluster, no link boots the user's cluster.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { EmbedLayout } from './embed/EmbedLayout';
import { bootFromLocation, embedMode, readLaunch, watchPastedShareLinks } from './host/linkBoot';
import { installWindowApi } from './host/windowApi';
import { ScenarioPane } from './scenario/ScenarioPane';
import { openScenario } from './scenario/scenarioActions';
import './styles.css';

installWindowApi();
const embed = embedMode(location);
const launch = readLaunch(location);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {embed ? <EmbedLayout>{launch.kind === 'link' ? <ScenarioPane readOnly /> : undefined}</EmbedLayout> : <App />}
  </StrictMode>,
);
void bootFromLocation({ openScenario });
watchPastedShareLinks();
