/** The left side: the obclient-style prompt, Run / Run all / Row vs column, the editor, the results area. */
import { compareFromEditor, runFromEditor } from '../editor/editorBridge';
import { useCompareStore } from '../state/compareStore';
import { useClusterStore } from '../state/clusterStore';
import { useSqlStore } from '../state/sqlStore';
import { ResultsArea } from './ResultsArea';
import { SqlEditor } from './SqlEditor';

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

export function SqlConsole() {
  const tenant = useSqlStore((s) => s.tenant);
  const database = useSqlStore((s) => s.database[s.tenant]);
  const running = useSqlStore((s) => s.run?.running ?? false);
  const ready = useClusterStore((s) => s.boot === 'ready');
  const comparing = useCompareStore((s) => s.running);
  return (
    <>
      <div className="editor-bar">
        <span className="prompt" title="Session: tenant and current database">
          obclient(root@{tenant})[{database ?? '(none)'}]&gt;
        </span>
        <button
          className="btn primary small"
          data-testid="run-button"
          disabled={!ready || running}
          onClick={() => runFromEditor('current')}
          title={`Run the statement at the cursor or the selection (${MOD}+Enter)`}
        >
          {running ? 'Running…' : '▶ Run'}
        </button>
        <button
          className="btn small"
          data-testid="run-all-button"
          disabled={!ready || running}
          onClick={() => runFromEditor('all')}
          title={`Run every statement (Shift+${MOD}+Enter)`}
        >
          Run all
        </button>
        <button
          className="btn small"
          data-testid="compare-button"
          disabled={!ready || running || comparing}
          onClick={compareFromEditor}
          title={`Run the SELECT at the cursor on the row store and on the column store, and compare (${MOD}+Alt+Enter)`}
        >
          {comparing ? 'Comparing…' : 'Row vs column'}
        </button>
        <span className="keys">
          {MOD}+Enter: statement · Shift+{MOD}+Enter: all
        </span>
      </div>
      <div className="editor" data-testid="sql-editor">
        <SqlEditor />
      </div>
      <ResultsArea />
    </>
  );
}
