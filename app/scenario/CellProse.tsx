/**
 * A prose cell: the scenario's Markdown explained to the learner. The HTML comes only from
 * `renderProse` (markdown-it without raw HTML, safe links, no remote images, then DOMPurify), the
 * one place this pane uses dangerouslySetInnerHTML — prose from a link or a file is untrusted.
 */
import { memo, useMemo } from 'react';
import { renderProse } from './markdown';

export const CellProse = memo(function CellProse({ index, source, current }: { index: number; source: string; current: boolean }) {
  const html = useMemo(() => renderProse(source), [source]);
  return (
    <li className={`scn-cell prose${current ? ' current' : ''}`} data-testid={`scenario-cell-${index}`} data-kind="prose">
      <div className="scn-prose" dangerouslySetInnerHTML={{ __html: html }} />
    </li>
  );
});
