/**
 * The HBase tab (issue #5): the HBase shell on OBKV-HBase — a bar (prompt, Run, Run all, Clear,
 * the keys), the shell editor, and the transcript. Commands run through the page's OBKV client
 * (`kvClients().globals.hbase`), so their calls show as routes on the topology like KV scripts'.
 */
import { useClusterStore } from '../state/clusterStore';
import { HBaseEditor, runHBaseFromEditor } from './HBaseEditor';
import { HBaseOutput } from './HBaseOutput';
import { clearHBaseOutput, useHBaseStore } from './hbaseStore';
import './hbase.css';

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

export function HBaseConsole() {
  const ready = useClusterStore((s) => s.boot === 'ready');
  const running = useHBaseStore((s) => s.running);
  const empty = useHBaseStore((s) => s.outputs.length === 0 && s.hostError === null);
  return (
    <>
      <div className="editor-bar">
        <span className="prompt" title="The Apache HBase 2.x shell syntax, run on OBKV-HBase (tenant test)">
          hbase shell · OBKV-HBase
        </span>
        <button
          className="btn primary small"
          data-testid="hbase-run"
          disabled={!ready || running}
          onClick={() => runHBaseFromEditor('current')}
          title={`Run the command at the cursor or the selection (${MOD}+Enter)`}
        >
          {running ? 'Running…' : '▶ Run'}
        </button>
        <button
          className="btn small"
          data-testid="hbase-run-all"
          disabled={!ready || running}
          onClick={() => runHBaseFromEditor('all')}
          title={`Run every command (Shift+${MOD}+Enter)`}
        >
          Run all
        </button>
        <button className="btn small" data-testid="hbase-clear" disabled={running || empty} onClick={clearHBaseOutput} title="Clear the output">
          Clear
        </button>
        <span className="keys">
          {MOD}+Enter: command · Shift+{MOD}+Enter: all
        </span>
      </div>
      <div className="editor" data-testid="hbase-editor">
        <HBaseEditor />
      </div>
      <HBaseOutput />
    </>
  );
}
