/** A result set as a grid: numeric columns right-aligned, NULL shown distinctly. */
import type { WireResult } from '../../engine/server/api';

/** Rows drawn at most (the status line still counts them all). */
export const GRID_ROWS_MAX = 1_000;

export function ResultGrid({ result }: { result: WireResult }) {
  const rows = result.rows.length > GRID_ROWS_MAX ? result.rows.slice(0, GRID_ROWS_MAX) : result.rows;
  return (
    <>
      <table className="grid" data-testid="result-grid">
        <thead>
          <tr>
            {result.columns.map((c, i) => (
              <th key={i} className={c.numeric ? 'num' : undefined} title={c.type}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((v, i) =>
                v === null ? (
                  <td key={i} className="null">
                    NULL
                  </td>
                ) : (
                  <td key={i} className={result.columns[i]?.numeric ? 'num' : undefined}>
                    {v}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length < result.rows.length && (
        <div className="info-line">
          Showing the first {GRID_ROWS_MAX.toLocaleString('en-US')} of {result.rows.length.toLocaleString('en-US')} rows.
        </div>
      )}
    </>
  );
}
