/**
 * Layout checks for the screenshot tests: finds labels a user could not read because they are
 * clipped (cut by a scrolling/hidden-overflow box or by their card's edge), spill out of the
 * window, or overlap (or run into) another label in the same card. Measured in the page with DOM ranges over
 * the text itself, so a label is judged by where its glyphs are drawn, not by its box.
 */
import type { Page } from '@playwright/test';

/** Boxes a label must stay inside: server cards, tablet cards, zones, bars, menus, the storage
 *  panel's layers, column groups, compaction cards and the column-view dialog. */
const CARD_SELECTOR =
  '.server, .tablet, .zone, .topbar, .storage-head, .legend, .editor-bar, .timeline .head, .boot, .sample-progress, .compaction-line, .menu-pop, ' +
  '.layer, .cg, .dag, .major-card, .zone-major-row, .major-timeline, .round-cell, .dialog, .macro, .picker';
/** Text that scrolls by design (the code editor): not a label. */
const SKIP_SELECTOR = '.monaco-editor, .editor';

/**
 * Labels under `rootSelector` that are clipped, outside their card or the viewport, or that
 * overlap another label in the same card. Each problem is a readable line:
 * `clipped: "ACTIVE" in .server[server-1]`. Empty when everything is readable.
 */
export function unreadableLabels(page: Page, rootSelector: string): Promise<string[]> {
  return page.evaluate(
    ({ rootSelector, cardSelector, skipSelector }) => {
      const problems: string[] = [];
      const slack = 0.5;
      const inside = (r: DOMRect, box: DOMRect) =>
        r.left >= box.left - slack && r.right <= box.right + slack && r.top >= box.top - slack && r.bottom <= box.bottom + slack;
      const where = (el: Element) => {
        const card = el.closest(cardSelector) as HTMLElement | null;
        const id = card?.dataset.testid ?? el.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
        return card ? `${card.className.split(' ')[0]}[${id}]` : id;
      };
      const labels: { el: Element; text: string; rects: DOMRect[] }[] = [];
      for (const root of document.querySelectorAll(rootSelector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = (n.textContent ?? '').trim();
          const el = n.parentElement;
          if (!text || !el) continue;
          const style = getComputedStyle(el);
          if (style.visibility === 'hidden' || el.closest('[hidden], option, select') || el.closest(skipSelector)) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
          if (rects.length === 0) continue;
          labels.push({ el, text, rects });
        }
      }
      for (const { el, text, rects } of labels) {
        const quoted = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
        let problem: string | null = null;
        for (const r of rects) {
          if (r.left < -slack || r.right > innerWidth + slack) problem = 'outside the window';
          for (let a = el as Element | null; a && !problem; a = a.parentElement) {
            const s = getComputedStyle(a);
            const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible';
            const isCard = a.matches(cardSelector);
            // Scrolling panes may hold content below the fold: only horizontal cuts count there.
            const scrolls = s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowY === 'auto' || s.overflowY === 'scroll';
            if (!clips && !isCard) continue;
            const box = a.getBoundingClientRect();
            const cut = scrolls ? r.left < box.left - slack || r.right > box.right + slack : !inside(r, box);
            if (cut) problem = isCard && !clips ? 'outside its card' : 'clipped';
            // A popup (menu) is its own layer: the boxes it floats over do not contain it.
            if (isCard && (s.position === 'absolute' || s.position === 'fixed')) break;
          }
          if (problem) break;
        }
        if (!problem && el instanceof HTMLElement && getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
          problem = 'cut with an ellipsis';
        }
        if (problem) problems.push(`${problem}: ${quoted} in ${where(el)}`);
      }
      // Overlaps between different labels of the same card.
      const byCard = new Map<Element, typeof labels>();
      for (const l of labels) {
        const card = l.el.closest(cardSelector);
        if (!card) continue;
        byCard.set(card, [...(byCard.get(card) ?? []), l]);
      }
      const hit = (a: DOMRect, b: DOMRect) =>
        Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
      // Two labels of different elements on one line with no space between read as one word.
      const touch = (a: DOMRect, b: DOMRect) =>
        Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > Math.min(a.height, b.height) / 2 &&
        Math.max(a.left, b.left) - Math.min(a.right, b.right) > -1 &&
        Math.max(a.left, b.left) - Math.min(a.right, b.right) < 2;
      for (const group of byCard.values()) {
        for (let i = 0; i < group.length; i++) {
          for (let j = i + 1; j < group.length; j++) {
            const [x, y] = [group[i], group[j]];
            if (x.rects.some((a) => y.rects.some((b) => hit(a, b)))) {
              problems.push(`overlapping: ${JSON.stringify(x.text)} and ${JSON.stringify(y.text)} in ${where(x.el)}`);
            } else if (x.el !== y.el && !x.el.contains(y.el) && !y.el.contains(x.el) && x.rects.some((a) => y.rects.some((b) => touch(a, b)))) {
              problems.push(`run together: ${JSON.stringify(x.text)} and ${JSON.stringify(y.text)} in ${where(x.el)}`);
            }
          }
        }
      }
      return problems;
    },
    { rootSelector, cardSelector: CARD_SELECTOR, skipSelector: SKIP_SELECTOR },
  );
}
