/**
 * Performs a teaching action (issue #6) through the page's host API and names what happened in
 * a toast. Faults (kill, restart, clock) reach the event timeline through the host, which records
 * each as a `fault` event; freezes appear there as the servers report them.
 *
 * The OceanBase behaviour shown: `k` is `kill -9` of the observer leading a log stream (its
 * followers elect a new leader after the lease); `r` restarts every stopped observer (each
 * recovers from its checkpoint and clog); `f` / `m` are `ALTER SYSTEM MINOR / MAJOR FREEZE` run in
 * the selected tenant's session (a user tenant freezes itself; sys freezes every tenant).
 */
import { CLOCK_RATES } from '../components/ClockControls';
import { killServer, pauseClock, restartServer, resumeClock, runSql, setClockRate } from '../host/playground';
import { hasScenario, runNextCell } from '../scenario/scenarioActions';
import { useClusterStore } from '../state/clusterStore';
import { useNetworkStore } from '../state/networkStore';
import { useSqlStore } from '../state/sqlStore';
import { togglePresenter } from '../state/uiStore';
import { leaderToKill, nextClockRate, type TeachingAction } from './shortcuts';
import { setOverlayOpen, showToast, useTeachingStore } from './teachingStore';

/** Runs `action`; never throws (a failure becomes an error toast). */
export function runTeachingAction(action: TeachingAction): void {
  try {
    ACTIONS[action]();
  } catch (e) {
    showToast(e instanceof Error ? e.message : String(e), 'error');
  }
}

const ACTIONS: Record<TeachingAction, () => void> = {
  'kill-leader': killLeader,
  'restart-down': () => void restartDown(),
  'minor-freeze': () => freeze('MINOR'),
  'major-freeze': () => freeze('MAJOR'),
  'next-cell': nextCell,
  'toggle-clock': toggleClock,
  slower: () => stepClock(-1),
  faster: () => stepClock(1),
  'toggle-presenter': () => showToast(togglePresenter() ? 'Presenter layout on (T to leave)' : 'Presenter layout off'),
  'toggle-overlay': () => setOverlayOpen(!useTeachingStore.getState().overlayOpen),
  'close-overlay': () => setOverlayOpen(false),
};

function clusterReady(): boolean {
  if (useClusterStore.getState().boot === 'ready') return true;
  showToast('The cluster is not ready yet', 'error');
  return false;
}

function killLeader(): void {
  if (!clusterReady()) return;
  const { snapshot, runs } = useClusterStore.getState();
  const target = leaderToKill(snapshot, useSqlStore.getState().tenant, (id) => (runs[id]?.state ?? 'running') === 'running');
  if (typeof target === 'string') {
    showToast(target, 'error');
    return;
  }
  killServer(target.serverId);
  showToast(`Killed OBServer ${target.serverId} (${target.zone}), leader of LS ${target.lsId} of tenant ${target.tenantName}`, 'fault');
}

/** Restarts the killed / crashed servers one after another (each gets channels to the live ones). */
async function restartDown(): Promise<void> {
  const runs = useClusterStore.getState().runs;
  const down = Object.entries(runs)
    .filter(([, r]) => r.state === 'stopped' || r.state === 'crashed')
    .map(([id]) => Number(id))
    .sort((a, b) => a - b);
  if (down.length === 0) {
    showToast('No OBServer is down: nothing to restart');
    return;
  }
  const names = down.map((id) => `OBServer ${id}`).join(', ');
  showToast(`Restarting ${names}…`, 'fault');
  try {
    for (const id of down) await restartServer(id);
    showToast(`Restarted ${names}: recovering from checkpoint and clog`, 'fault');
  } catch (e) {
    showToast(`Restart failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
  }
}

function freeze(kind: 'MINOR' | 'MAJOR'): void {
  if (!clusterReady()) return;
  const tenant = useSqlStore.getState().tenant;
  const word = kind === 'MINOR' ? 'Minor' : 'Major';
  showToast(`${word} freeze in tenant ${tenant} (ALTER SYSTEM ${kind} FREEZE)`);
  runSql(`ALTER SYSTEM ${kind} FREEZE;`).then(
    (reply) => {
      if (reply.error) showToast(`${word} freeze failed: ${reply.error.message}`, 'error');
    },
    (e: unknown) => showToast(`${word} freeze failed: ${e instanceof Error ? e.message : String(e)}`, 'error'),
  );
}

function nextCell(): void {
  if (!hasScenario()) {
    showToast('No scenario is open: open one from Tutorials or a share link', 'error');
    return;
  }
  void Promise.resolve(runNextCell()).catch((e: unknown) => showToast(`Cell failed: ${e instanceof Error ? e.message : String(e)}`, 'error'));
}

function toggleClock(): void {
  if (!clusterReady()) return;
  if (useNetworkStore.getState().clock.paused) {
    resumeClock();
    showToast('Clock resumed');
  } else {
    pauseClock();
    showToast('Clock paused: elections, heartbeats and leases stop (Space resumes)');
  }
}

function stepClock(dir: -1 | 1): void {
  if (!clusterReady()) return;
  const rate = useNetworkStore.getState().clock.rate;
  const next = nextClockRate(CLOCK_RATES, rate, dir);
  if (next === null) {
    showToast(`The clock already runs at its ${dir < 0 ? 'slowest' : 'fastest'} speed, ${rate}×`);
    return;
  }
  setClockRate(next);
  showToast(`Clock speed ${next}×`);
}
