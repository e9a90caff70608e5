/**
 * One command cell's last run (issue #6 item 2): what it printed, in the obclient / shell text the
 * headless runner prints too, with ✓ / ✗ for its expectation and, on a mismatch, the line diff —
 * expected lines red with `-`, actual lines green with `+` (the sign and a label carry the meaning,
 * not colour alone). Before a run, a cell with an expectation shows it folded.
 */
import type { CellRun, DiffLine } from '../../engine/scenario/types';

function DiffView({ index, diff }: { index: number; diff: DiffLine[] }) {
  return (
    <div className="scn-diff-wrap">
      <div className="scn-diff-legend">
        <span className="scn-del">- expected</span> <span className="scn-add">+ actual</span>
      </div>
      <pre className="scn-diff" data-testid={`cell-diff-${index}`} aria-label="Expected (-) versus actual (+) output">
        {diff.map((d, k) => (
          <div key={k} className={d.op === '-' ? 'scn-del' : d.op === '+' ? 'scn-add' : 'scn-same'}>
            {d.op} {d.text}
          </div>
        ))}
      </pre>
    </div>
  );
}

/** The mark for a run: ✓ passed, ✗ failed (expectation or command), ● ran (no expectation). */
export function RunMark({ run }: { run: CellRun }) {
  if (run.expectation === 'pass') return <span className="scn-mark pass" data-testid={`cell-mark-${run.index}`} title="The output matches the expected output">✓ matches</span>;
  if (run.expectation === 'fail') return <span className="scn-mark fail" data-testid={`cell-mark-${run.index}`} title="The output differs from the expected output">✗ differs</span>;
  if (!run.ok) return <span className="scn-mark fail" data-testid={`cell-mark-${run.index}`} title="The command failed">✗ failed</span>;
  return <span className="scn-mark ran" data-testid={`cell-mark-${run.index}`} title="Ran (no expected output to check)">● ran</span>;
}

export function CellOutput({ index, run, expected }: { index: number; run: CellRun | undefined; expected: string | null }) {
  if (!run) {
    if (expected === null) return null;
    return (
      <details className="scn-expected">
        <summary>Expected output</summary>
        <pre className="scn-output">{expected}</pre>
      </details>
    );
  }
  return (
    <div className="scn-result">
      {run.output !== '' && (
        <pre className={`scn-output${run.ok ? '' : ' failed'}`} data-testid={`cell-output-${index}`}>
          {run.output}
        </pre>
      )}
      {run.output === '' && (
        <div className="scn-output-empty" data-testid={`cell-output-${index}`}>
          (no output)
        </div>
      )}
      {run.expectation === 'fail' && run.diff && <DiffView index={index} diff={run.diff} />}
    </div>
  );
}
