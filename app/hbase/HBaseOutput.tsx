/**
 * The HBase shell's output pane: a monospace transcript, each command echoed after its prompt
 * (`hbase:001:0> scan 't1'`) and followed by what the shell printed; errors in the error style,
 * `Took` lines and playground notes dimmed. Scrolls to the newest output.
 */
import { useEffect, useRef } from 'react';
import { formatPrompt, type ShellLine, type ShellOutput } from '../../engine/client/hbase_shell/index';
import { useHBaseStore } from './hbaseStore';

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? 'Cmd' : 'Ctrl';

function Line({ line }: { line: ShellLine }) {
  if (line.kind === 'result') return <div className="hb-line hb-result">=&gt; {line.text}</div>;
  return <div className={`hb-line hb-${line.kind}`}>{line.text === '' ? '\u00a0' : line.text}</div>;
}

function Command({ o }: { o: ShellOutput }) {
  return (
    <div className={`hb-command${o.ok ? '' : ' failed'}`} data-seq={o.seq} data-ok={o.ok}>
      <div className="hb-echo">
        <span className="hb-prompt">{formatPrompt(o.seq)}</span>
        {o.input}
      </div>
      {o.lines.map((l, i) => (
        <Line key={i} line={l} />
      ))}
    </div>
  );
}

export function HBaseOutput() {
  const outputs = useHBaseStore((s) => s.outputs);
  const running = useHBaseStore((s) => s.running);
  const hostError = useHBaseStore((s) => s.hostError);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [outputs.length, hostError]);
  return (
    <div className="pane hb-pane" data-testid="hbase-output" data-running={running} data-count={outputs.length}>
      {outputs.length === 0 && !hostError && (
        <div className="empty">
          Type an HBase shell command, e.g. <code>create &apos;t1&apos;, &apos;f1&apos;</code> — {MOD}+Enter runs it.
        </div>
      )}
      <div className="hb-transcript">
        {outputs.map((o) => (
          <Command key={o.seq} o={o} />
        ))}
        {hostError && <div className="error-message">{hostError}</div>}
        {running && <div className="hb-line hb-took">running…</div>}
      </div>
      <div ref={end} />
    </div>
  );
}
