/**
 * Prose cells of a scenario rendered to HTML (issue #6). The Markdown may come from a share link
 * or an opened file — from anyone — so it is treated as hostile:
 *
 * - markdown-it with `html: false`: raw HTML in the Markdown is shown as text, never parsed.
 * - Links only to `http:`/`https:`/`mailto:` and in-page `#anchors` (an allowlist, so
 *   `javascript:`, `data:`, `vbscript:`, `file:` and obfuscated spellings all fail); a refused
 *   link stays as its literal Markdown text. External links open in a new tab with
 *   `rel="noopener noreferrer"`. Bare URLs and e-mail addresses are linkified.
 * - No images: the playground makes no network requests at run time (and a remote image would
 *   tell a third party who opened the link), so an image becomes its alt text.
 * - In the page, DOMPurify sanitises the result as a second line of defence.
 *
 * `proseToHtmlUnsanitised` (the markdown-it stage) is pure and runs in Node for tests.
 */
import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';

/** Link targets a prose cell may use: web pages, mail, anchors in the page. */
const ALLOWED_LINK = /^(?:https?:|mailto:|#)/i;
/**
 * DOMPurify's URI check, narrowed to our schemes. DOMPurify applies it to other attribute values
 * too (`target="_blank"`), so, like its default, it also passes values with no scheme at all;
 * markdown-it has already refused scheme-less links.
 */
const PURIFY_ALLOWED_URI = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

type MarkdownRenderer = InstanceType<typeof MarkdownIt>;

let markdown: MarkdownRenderer | null = null;

function markdownRenderer(): MarkdownRenderer {
  if (markdown !== null) return markdown;
  const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());
  const renderLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const href = String(token.attrGet('href') ?? '');
    if (!href.startsWith('#')) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer');
    }
    return renderLinkOpen(tokens, idx, options, env, self);
  };
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const alt = self.renderInlineAsText(tokens[idx].children ?? [], options, env);
    return alt === '' ? '' : `<span class="prose-image-alt">${md.utils.escapeHtml(alt)}</span>`;
  };
  markdown = md;
  return md;
}

/**
 * The markdown-it stage: Markdown → HTML with raw HTML escaped, links allowlisted (external ones
 * with `target="_blank" rel="noopener noreferrer"`) and images replaced by their alt text.
 * Safe on its own for the cases above; `renderProse` adds DOMPurify in the page.
 */
export function proseToHtmlUnsanitised(markdownText: string): string {
  return markdownRenderer().render(markdownText);
}

/**
 * Safe HTML for a prose cell (from a link, a file or a built-in tutorial): the markdown-it stage,
 * then `sanitizeProseHtml`. Without a DOM (Node) returns the markdown-it stage's output.
 */
export function renderProse(markdownText: string): string {
  return sanitizeProseHtml(proseToHtmlUnsanitised(markdownText));
}

/**
 * The second line of defence: `DOMPurify.sanitize` when a DOM is present — no images, styles,
 * forms, frames, SVG, MathML or inline styles survive, links only to http(s)/mailto/anchors, `target` kept.
 * Returns `html` unchanged when there is no DOM (Node).
 */
export function sanitizeProseHtml(html: string): string {
  if (typeof window === 'undefined' || !DOMPurify.isSupported) return html;
  return DOMPurify.sanitize(html, {
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['img', 'style', 'form', 'input', 'button', 'iframe', 'svg', 'math'],
    FORBID_ATTR: ['style'],
    ALLOWED_URI_REGEXP: PURIFY_ALLOWED_URI,
  });
}
