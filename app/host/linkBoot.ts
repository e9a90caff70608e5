/**
 * Issue #6: how the page starts, read from its URL. A share link (`#s=v1.…`, H3's codec in
 * engine/scenario/share_link.ts) opens its scenario in a scenario namespace (its own OPFS
 * directory and lock, never the user's `obcluster/`); a broken or tampered link, or one whose
 * scenario does not parse, shows a banner and starts the user's own cluster — never a blank
 * page. `?embed=1` (docs iframes) always runs a scenario namespace: the link's scenario, or the
 * default 3-zone topology with an empty scenario pane.
 *
 * Nothing from a link runs by itself: the scenario is only opened (its cluster booted and its
 * header's tenants created); cells run when the user asks.
 *
 * Nor does a link keep the user's editor texts: a link's editors replace them only in the full
 * page (whose Close puts the user's back), never in an embed (it has no editors and no Close); a
 * plain start puts back texts a scenario left stashed (its tab was closed without closing it).
 */
import { decodeShareFragment } from '../../engine/scenario/share_link';
import type { ScenarioHeader, ScenarioParseError, SharePayload } from '../../engine/scenario/types';
import { showLinkBanner } from '../components/LinkBanner';
import { restoreEditorTexts } from '../scenario/editorContents';
import { useDeployment } from './hostNodes';
import { bootScenarioCluster, startPlayground } from './playground';

/** What the URL asks the page to start. */
export type Launch = { kind: 'user' } | { kind: 'link'; payload: SharePayload } | { kind: 'bad-link'; error: string };

/** The parts of `window.location` the launch depends on. */
export type LaunchLocation = Pick<Location, 'hash' | 'search'>;

/** Reads the launch from the URL fragment: no `s=` → the user's cluster; a good link; a bad one with its message. */
export function readLaunch(location: LaunchLocation): Launch {
  const decoded = decodeShareFragment(location.hash);
  if (decoded.kind === 'ok') return { kind: 'link', payload: decoded.payload };
  if (decoded.kind === 'bad') return { kind: 'bad-link', error: decoded.error };
  return { kind: 'user' };
}

/** True for `?embed=1` (the compact read-only layout for iframes). */
export function embedMode(location: Pick<Location, 'search'>): boolean {
  return new URLSearchParams(location.search).get('embed') === '1';
}

/** The same page without `embed=1` (query and fragment kept): the embed's "Open in playground ↗". */
export function openInPlaygroundHref(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('embed');
  return url.toString();
}

/** The banner text for a link that could not be opened (`embed`: no user cluster is started there). */
export function badLinkMessage(error: string, embed: boolean): string {
  const why = error.replace(/\.$/, '');
  return embed
    ? `This link could not be opened: ${why}. Showing an empty 3-zone cluster.`
    : `This link could not be opened: ${why}. The playground started with your own cluster.`;
}

/** The first parse error as `line L:C: message`. */
export function parseErrorText(errors: readonly ScenarioParseError[]): string {
  const e = errors[0];
  return e ? `the scenario has an error at line ${e.line}:${e.column}: ${e.message}` : 'the scenario could not be read';
}

/** The topology an embed without a (good) link shows: 3 zones × 1 server, no scenario tenants. */
export const EMBED_DEFAULT_HEADER: ScenarioHeader = {
  title: 'empty, 3 zones',
  zones: 3,
  serversPerZone: 1,
  tenants: [],
  seed: null,
  clockRate: 1,
};
/** The text whose key names the default embed's namespace. */
const EMBED_DEFAULT_TEXT = '(embed: default 3-zone topology)';

/** H4's `openScenario` (app/scenario/scenarioActions.ts), injected to keep this module free of the pane. */
export type OpenScenario = (
  text: string,
  opts: { step?: number; editors?: SharePayload['editors']; source: 'link' },
) => Promise<{ ok: true } | { ok: false; errors: ScenarioParseError[] }>;

/** What `bootFromLocation` started. */
export type BootOutcome = { launch: Launch['kind']; embed: boolean; opened: 'scenario' | 'user' | 'embed-default' };

/**
 * Starts the page from its URL (main.tsx calls it once, instead of `startPlayground()`):
 * - a good link: `openScenario(payload.scenario, { step, editors, source: 'link' })` (no
 *   editors in an embed); when its scenario does not parse, the banner names the first error and
 *   the fallback below starts;
 * - a bad link: the banner with the codec's message, then the fallback;
 * - no link: the fallback. The fallback is the user's own cluster (`startPlayground`, after
 *   `restoreEditorTexts`), or in an embed the default 3-zone topology in a scenario namespace
 *   (never `obcluster/`).
 * When the page later returns to the user's cluster (the scenario closed), the `#s=` fragment is
 * dropped from the URL so a reload does not reopen the scenario.
 */
export async function bootFromLocation(deps: { openScenario: OpenScenario }, location: Location = window.location): Promise<BootOutcome> {
  const launch = readLaunch(location);
  const embed = embedMode(location);
  if (launch.kind === 'link') {
    forgetFragmentOnReturn();
    const { scenario, step, editors } = launch.payload;
    // An embed shows no editors and cannot close its scenario to give the user's texts back.
    const opened = await deps.openScenario(scenario, { step, editors: embed ? undefined : editors, source: 'link' });
    if (opened.ok) return { launch: launch.kind, embed, opened: 'scenario' };
    showLinkBanner(badLinkMessage(parseErrorText(opened.errors), embed));
  } else if (launch.kind === 'bad-link') {
    showLinkBanner(badLinkMessage(launch.error, embed));
  }
  if (embed) {
    await bootScenarioCluster(EMBED_DEFAULT_HEADER, EMBED_DEFAULT_TEXT).catch(() => {});
    return { launch: launch.kind, embed, opened: 'embed-default' };
  }
  // The user's own editor texts, if a scenario tab was left without closing its scenario.
  await restoreEditorTexts().catch(() => {});
  await startPlayground();
  return { launch: launch.kind, embed, opened: 'user' };
}

/** Once a scenario deployment gives way to the user's cluster, removes `s=` from the fragment. */
function forgetFragmentOnReturn(): void {
  let sawScenario = false;
  const stop = useDeployment.subscribe(({ deployment }) => {
    if (deployment.kind === 'scenario') sawScenario = true;
    else if (sawScenario) {
      stop();
      const rest = location.hash.replace(/^#/, '').split('&').filter((p) => p && !p.startsWith('s='));
      history.replaceState(history.state, '', `${location.pathname}${location.search}${rest.length ? `#${rest.join('&')}` : ''}`);
    }
  });
}

/**
 * A share link pasted into the address bar of an open page (or a prose link to `#s=…`) changes
 * only the fragment, which reloads nothing: open it as a fresh load would — reload, so the link's
 * scenario boots in its own namespace (and a bad link shows its banner). Other fragments are left
 * alone.
 */
export function watchPastedShareLinks(win: Pick<Window, 'addEventListener' | 'location'> = window): void {
  win.addEventListener('hashchange', () => {
    if (decodeShareFragment(win.location.hash).kind !== 'none') win.location.reload();
  });
}
