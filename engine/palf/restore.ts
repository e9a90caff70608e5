/**
 * Which membership configuration a PALF replica starts with, fresh or restarted (PALF's
 * `LogConfigMgr` recovering its `LogConfigMeta` and the config logs of the clog tail).
 *
 * - Fresh (no meta): the host's `PalfConfig.members`/`learners`, version 1 (0 for a joining
 *   replica that knows no members yet).
 * - Restarted, never reconfigured through the log (`meta.configLsn` absent or 0): the host's list
 *   wins, one version up when it differs (the placement may have changed while it was down; the
 *   behaviour before issue #4).
 * - Restarted after a reconfiguration: the persisted configuration wins, and the clog tail is
 *   scanned for config entries the meta missed (`recoverConfigFromLog`, once the log reader is set).
 */
import type { LogEntry, PalfConfig, PalfConfigEntry, PalfMeta } from './types';
import type { PalfConfigState } from './config_state';
import type { PalfLog } from './palf_log';

/** Entries of the clog tail scanned for config entries at restart. */
export const PALF_CONFIG_RESTORE_SCAN_ENTRIES = 4096;

/** A starting configuration: the current one, the LSN of its entry, and the one it replaced. */
export interface StartConfig {
  entry: PalfConfigEntry;
  lsn: number;
  previous?: { config: PalfConfigEntry; lsn: number };
  /** Differs from the meta (the meta must be rewritten). */
  changed: boolean;
}

/** The configuration a replica starts with (see the module comment). */
export function initialConfig(config: PalfConfig, meta: PalfMeta | undefined): StartConfig {
  const hostLearners = config.learners ?? [];
  if (meta === undefined) {
    return {
      entry: { members: [...config.members], learners: [...hostLearners], configVersion: config.members.length > 0 ? 1 : 0 },
      lsn: 0, changed: true,
    };
  }
  const metaLearners = meta.learners ?? [];
  if ((meta.configLsn ?? 0) > 0) {
    const p = meta.previousConfig;
    return {
      entry: { members: [...meta.members], learners: [...metaLearners], configVersion: meta.configVersion },
      lsn: meta.configLsn!,
      previous: p === undefined ? undefined : { config: { members: p.members, learners: p.learners, configVersion: p.configVersion }, lsn: p.configLsn },
      changed: false,
    };
  }
  const learners = config.learners ?? metaLearners;
  const same = sameSet(meta.members, config.members) && sameSet(metaLearners, learners);
  return {
    entry: { members: [...config.members], learners: [...learners], configVersion: meta.configVersion + (same ? 0 : 1) },
    lsn: 0, changed: !same,
  };
}

/**
 * Reinstates the config entries of the log's tail (see `PalfConfigState.recoverFromLog`).
 * Returns true when the configuration changed.
 */
export function recoverConfigFromLog(cfg: PalfConfigState, log: PalfLog, committedLsn: number): boolean {
  const lastLsn = log.lastLsn;
  if (lastLsn === 0) return false;
  const fromLsn = Math.max(1, lastLsn - PALF_CONFIG_RESTORE_SCAN_ENTRIES + 1);
  const found: LogEntry[] = [];
  for (let at = fromLsn; at <= lastLsn;) {
    const batch = log.slice(at, 256);
    for (const e of batch) if (e.config !== undefined) found.push(e);
    at += batch.length;
  }
  const changed = cfg.recoverFromLog(found, fromLsn, lastLsn);
  cfg.onCommit(committedLsn);
  return changed;
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
