/**
 * The scenario pane (issue #6 item 2), beside the editors: the scenario's title and toolbar (Run
 * cell ⇧Enter, Run all, Reset, Open .md, Save .md, Close), its parse errors with line:column, the
 * cluster's state while it boots, then the cells in order — prose rendered as sanitised Markdown,
 * command cells editable in place with their output, ✓/✗ and a diff on a failed expectation. The
 * current cell (the next to run) is highlighted and scrolled into view. Without a scenario it says
 * how to open one.
 *
 * Props: `readOnly` (embed layout: cells cannot be edited, no Open/Save/Close).
 */
import { useState, type KeyboardEvent } from 'react';
import { closeScenario, openScenario, resetScenario, runAll, runNextCell, scenarioDocument, stopRunningCell } from './scenarioActions';
import { downloadScenario, pickScenarioFile } from './scenarioFile';
import { useScenarioStore, type ScenarioState } from './scenarioStore';
import { CellCommand } from './CellCommand';
import { CellProse } from './CellProse';
import './scenario.css';

function phaseText(s: ScenarioState): string | null {
  const h = s.scenario?.header;
  if (!h) return null;
  if (s.phase === 'booting') return `Starting the scenario's cluster: ${h.zones} zone${h.zones > 1 ? 's' : ''} × ${h.serversPerZone} server${h.serversPerZone > 1 ? 's' : ''}…`;
  if (s.phase === 'setup') return h.tenants.length > 0 ? `Creating tenant${h.tenants.length > 1 ? 's' : ''} ${h.tenants.map((t) => t.name).join(', ')}…` : 'Waiting for every log stream to have a leader…';
  return null;
}

function Progress({ s }: { s: ScenarioState }) {
  const cells = s.scenario?.cells ?? [];
  const commands = cells.filter((c) => c.kind !== 'prose').length;
  const done = cells.filter((c, i) => c.kind !== 'prose' && s.runs[i]).length;
  const busy = s.runningIndex !== null || s.phase === 'booting' || s.phase === 'setup';
  const text = s.runningIndex !== null ? `Running cell ${s.runningIndex + 1}…` : phaseText(s);
  return (
    <div className="scn-progress" data-testid="scenario-progress" aria-live="polite">
      <span>
        {done} of {commands} command cell{commands === 1 ? '' : 's'} run
      </span>
      {text && <span className="scn-progress-text">{text}</span>}
      {busy && <span className="scn-spinner" role="progressbar" aria-label={text ?? 'Working'} />}
    </div>
  );
}

function Toolbar({ s, readOnly, onOpen }: { s: ScenarioState; readOnly: boolean; onOpen: () => void }) {
  const ready = s.phase === 'ready';
  const busy = !ready || s.runningIndex !== null;
  const done = s.scenario ? s.current >= s.scenario.cells.length : true;
  const save = () => {
    const doc = scenarioDocument();
    if (doc) downloadScenario(doc.text, doc.title);
  };
  return (
    <div className="scn-toolbar" role="toolbar" aria-label="Scenario">
      <button className="btn small primary" data-testid="scenario-run-cell" disabled={busy || done} onClick={() => void runNextCell().catch(() => {})} title="Run the highlighted cell (Shift+Enter)" aria-keyshortcuts="Shift+Enter">
        ▶ Run cell
      </button>
      <button className="btn small" data-testid="scenario-run-all" disabled={busy || done} onClick={() => void runAll().catch(() => {})} title="Run every cell from the highlighted one to the end (stops at a failure)">
        Run all
      </button>
      {s.runningIndex !== null && (
        <button className="btn small" data-testid="scenario-stop" onClick={stopRunningCell} title="Stop the running cell (ends its advance / wait for)">
          ■ Stop
        </button>
      )}
      <button className="btn small" data-testid="scenario-reset" disabled={!s.scenario || s.phase === 'booting'} onClick={() => void resetScenario()} title="A fresh cluster of the same topology; every run cleared (stops a running cell)">
        Reset
      </button>
      {!readOnly && (
        <>
          <span className="scn-cell-spacer" />
          <button className="btn small" data-testid="scenario-open" onClick={onOpen} title="Open a scenario (.md) from a file">
            Open .md
          </button>
          <button className="btn small" data-testid="scenario-save" disabled={!s.scenario} onClick={save} title="Save this scenario (with your edits) as a .md file">
            Save .md
          </button>
        </>
      )}
    </div>
  );
}

function Errors({ s }: { s: ScenarioState }) {
  if (s.errors.length === 0) return null;
  return (
    <div className="error-message scn-errors" data-testid="scenario-errors" role="alert">
      <strong>This scenario could not be read:</strong>
      <ul>
        {s.errors.map((e, k) => (
          <li key={k}>
            line {e.line}:{e.column}: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function EmptyState({ onOpen }: { onOpen: (() => void) | null }) {
  return (
    <div className="empty scn-empty" data-testid="scenario-empty">
      <strong>No scenario open.</strong> Open a tutorial from the <strong>Tutorials</strong> menu, or open a .md scenario
      {onOpen ? (
        <>
          {' '}
          (<button className="linklike" onClick={onOpen}>Open .md</button>)
        </>
      ) : null}
      . A scenario is a notebook: prose and SQL / KV / HBase / admin cells you run one at a time.
    </div>
  );
}

export function ScenarioPane({ readOnly = false }: { readOnly?: boolean }) {
  const s = useScenarioStore();
  const [fileError, setFileError] = useState<string | null>(null);
  const busy = s.phase !== 'ready' || s.runningIndex !== null;
  const onKey = (ev: KeyboardEvent<HTMLElement>) => {
    if (ev.key !== 'Enter' || !ev.shiftKey || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if ((ev.target as HTMLElement).tagName === 'TEXTAREA') return;
    ev.preventDefault();
    if (!busy) void runNextCell().catch(() => {});
  };
  const openFile = async () => {
    setFileError(null);
    try {
      const file = await pickScenarioFile();
      if (!file) return;
      const r = await openScenario(file.text, { source: 'file' });
      if (!r.ok) setFileError(`${file.name} has errors (listed below).`);
    } catch (e) {
      setFileError(e instanceof Error ? e.message : String(e));
    }
  };
  const title = s.scenario?.header.title ?? (s.phase === 'invalid' ? 'Scenario with errors' : 'Scenario');
  return (
    <section className="scenario-pane" data-testid="scenario-pane" data-phase={s.phase} aria-label="Scenario" tabIndex={-1} onKeyDown={onKey}>
      <div className="scn-head">
        <h2 className="scn-title" data-testid="scenario-title" title={title}>
          {title}
        </h2>
        {s.source && <span className="scn-source-tag">{s.source}</span>}
        <span className="scn-cell-spacer" />
        {s.phase !== 'closed' && !readOnly && (
          <button className="btn small" data-testid="scenario-close" onClick={() => void closeScenario()} title="Close the scenario and go back to your own cluster">
            ✕ Close
          </button>
        )}
      </div>
      {s.phase !== 'closed' && <Toolbar s={s} readOnly={readOnly} onOpen={() => void openFile()} />}
      {fileError && (
        <div className="error-message" role="alert" data-testid="scenario-file-error">
          {fileError}
        </div>
      )}
      <Errors s={s} />
      {s.failure && (
        <div className="error-message" role="alert" data-testid="scenario-failure">
          {s.failure}
        </div>
      )}
      {s.scenario && <Progress s={s} />}
      {s.phase === 'closed' && <EmptyState onOpen={readOnly ? null : () => void openFile()} />}
      {s.scenario && (
        <ol className="scn-cells" data-testid="scenario-cells">
          {s.scenario.cells.map((cell, i) =>
            cell.kind === 'prose' ? (
              <CellProse key={i} index={i} source={cell.source} current={false} readOnly={readOnly} />
            ) : (
              <CellCommand
                key={i}
                index={i}
                cell={cell}
                run={s.runs[i]}
                current={s.current === i}
                running={s.runningIndex === i}
                busy={busy}
                edited={s.edited[i] === true}
                readOnly={readOnly}
              />
            ),
          )}
          {s.scenario.cells.length > 0 && s.current >= s.scenario.cells.length && (
            <li className="scn-done" data-testid="scenario-done">
              End of the scenario. Reset to run it again.
            </li>
          )}
        </ol>
      )}
    </section>
  );
}
