/**
 * The KV tab (issue #5 item 5): a bar (what the editor is, Run / Stop, the time limit, the keys),
 * the TypeScript script editor, and the results: printed values, one route line per call, the
 * returned value and any error.
 */
import { useClusterStore } from '../state/clusterStore';
import { useKvStore } from '../state/kvStore';
import { KvEditor, runKvFromEditor } from './KvEditor';
import { KvResults } from './KvResults';
import { stopKvScript } from './runScript';
import { KV_SCRIPT_TIME_LIMIT_MS } from './sandbox';

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

export function KvConsole() {
  const ready = useClusterStore((s) => s.boot === 'ready');
  const running = useKvStore((s) => s.run?.running ?? false);
  const limitS = (useKvStore((s) => s.run?.timeLimitMs) ?? KV_SCRIPT_TIME_LIMIT_MS) / 1000;
  return (
    <>
      <div className="editor-bar">
        <span className="prompt" title="A TypeScript script with the OBKV clients in scope: client (Table), hbase (HBase), print">
          OBKV script · TypeScript
        </span>
        <button
          className="btn primary small"
          data-testid="kv-run"
          disabled={!ready || running}
          onClick={() => runKvFromEditor()}
          title={`Run the script in a sandbox (${MOD}+Enter)`}
        >
          {running ? 'Running…' : '▶ Run'}
        </button>
        {running && (
          <button className="btn small danger" data-testid="kv-stop" onClick={() => stopKvScript()} title="Stop the script now">
            ■ Stop
          </button>
        )}
        <span className="keys" title="A script still running after this is stopped">
          time limit {limitS} s · {MOD}+Enter: run
        </span>
      </div>
      <div className="editor" data-testid="kv-editor">
        <KvEditor />
      </div>
      <KvResults />
    </>
  );
}
