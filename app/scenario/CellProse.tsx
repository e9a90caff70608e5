/**
 * A prose cell: the scenario's Markdown explained to the learner. The HTML comes only from
 * `renderProse` (markdown-it without raw HTML, safe links, no remote images, then DOMPurify), the
 * one place this pane uses dangerouslySetInnerHTML — prose from a link or a file is untrusted.
 *
 * Editable in place (not in the embed layout): ✎ opens its Markdown in a textarea; Done (or
 * Ctrl/Cmd+Enter) keeps it, Esc drops the edit. Prose may not be empty and may not open a command
 * fence (```sql, ```expected, …): that would split it into new cells, which only editing the whole
 * document (Save .md) can do — the message says so and the edit stays open.
 */
import { memo, useMemo, useState, type KeyboardEvent } from 'react';
import { matchFenceOpen } from '../../engine/scenario/parse';
import { renderProse } from './markdown';
import { editCell } from './scenarioActions';

const CELL_FENCES = new Set(['sql', 'kv', 'hbase', 'admin', 'expected']);

/** Why `text` cannot be a prose cell, or null. */
export function proseProblem(text: string): string | null {
  if (text.trim() === '') return 'Prose cannot be empty.';
  for (const line of text.split('\n')) {
    const open = matchFenceOpen(line);
    const lang = open?.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (open && CELL_FENCES.has(lang)) {
      return `A \`\`\`${lang} fence here would become a new cell: to add cells, save the scenario as .md and edit the file.`;
    }
  }
  return null;
}

interface CellProseProps {
  index: number;
  source: string;
  current: boolean;
  readOnly?: boolean;
}

export const CellProse = memo(function CellProse({ index, source, current, readOnly = false }: CellProseProps) {
  const html = useMemo(() => renderProse(source), [source]);
  const [draft, setDraft] = useState<string | null>(null);
  const problem = draft === null ? null : proseProblem(draft);
  const done = () => {
    if (draft === null || problem) return;
    editCell(index, draft.replace(/\s+$/, ''));
    setDraft(null);
  };
  const onKey = (ev: KeyboardEvent<HTMLTextAreaElement>) => {
    if (ev.key === 'Escape') setDraft(null);
    else if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      done();
    }
  };
  return (
    <li className={`scn-cell prose${current ? ' current' : ''}`} data-testid={`scenario-cell-${index}`} data-kind="prose">
      {draft === null ? (
        <>
          {!readOnly && (
            <button className="btn small scn-prose-edit" data-testid={`prose-edit-${index}`} onClick={() => setDraft(source)} title="Edit this text" aria-label="Edit this text">
              ✎
            </button>
          )}
          <div className="scn-prose" dangerouslySetInnerHTML={{ __html: html }} />
        </>
      ) : (
        <div className="scn-prose-editor">
          <textarea
            className="scn-source"
            data-testid={`prose-source-${index}`}
            aria-label="Prose (Markdown)"
            value={draft}
            rows={Math.min(16, Math.max(3, draft.split('\n').length))}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
          />
          {problem && (
            <div className="error-message" role="alert" data-testid={`prose-problem-${index}`}>
              {problem}
            </div>
          )}
          <div className="scn-prose-actions">
            <button className="btn small primary" data-testid={`prose-done-${index}`} disabled={problem !== null} onClick={done} title="Keep the edit (Ctrl/Cmd+Enter)">
              Done
            </button>
            <button className="btn small" onClick={() => setDraft(null)} title="Drop the edit (Esc)">
              Cancel
            </button>
          </div>
        </div>
      )}
    </li>
  );
});
