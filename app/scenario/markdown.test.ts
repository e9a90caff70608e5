/**
 * Prose from a share link or a file is hostile: these tests pin what a reader of someone else's
 * scenario relies on — no script runs, no link leads to `javascript:`, nothing is fetched — while
 * ordinary Markdown (links, code, tables) still renders.
 */
import { describe, expect, it } from 'vitest';
import { proseToHtmlUnsanitised, renderProse } from './markdown';

const html = proseToHtmlUnsanitised;

describe('proseToHtmlUnsanitised', () => {
  it('shows raw HTML as text', () => {
    expect(html('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(html('<img src=x onerror=alert(1)>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>\n');
    expect(html('<div>\n<iframe src="https://evil.example"></iframe>\n</div>')).not.toMatch(/<(div|iframe)/);
    expect(html('a <b onclick="x()">bold</b>')).toBe('<p>a &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;</p>\n');
  });

  it('refuses script, data and other schemes in links, leaving the Markdown as text', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox', 'file:///etc/passwd', 'relative/page.html']) {
      const out = html(`[x](${href})`);
      expect(out, href).not.toContain('<a');
      expect(out, href).toContain('[x](');
    }
    expect(html('<javascript:alert(1)>')).toBe('<p>&lt;javascript:alert(1)&gt;</p>\n');
    expect(html('[x]: javascript:alert(1)\n\nsee [x]')).not.toContain('<a');
  });

  it('opens web and mail links in a new tab without an opener, and keeps anchors in the page', () => {
    expect(html('[docs](https://oceanbase.com/docs "OceanBase")')).toBe(
      '<p><a href="https://oceanbase.com/docs" title="OceanBase" target="_blank" rel="noopener noreferrer">docs</a></p>\n',
    );
    expect(html('[m](mailto:dba@example.com)')).toBe('<p><a href="mailto:dba@example.com" target="_blank" rel="noopener noreferrer">m</a></p>\n');
    expect(html('[back](#step-2)')).toBe('<p><a href="#step-2">back</a></p>\n');
  });

  it('linkifies autolinks, bare URLs and e-mail addresses', () => {
    expect(html('<https://oceanbase.com/docs>')).toBe(
      '<p><a href="https://oceanbase.com/docs" target="_blank" rel="noopener noreferrer">https://oceanbase.com/docs</a></p>\n',
    );
    expect(html('see http://example.com/a?b=1 now')).toBe(
      '<p>see <a href="http://example.com/a?b=1" target="_blank" rel="noopener noreferrer">http://example.com/a?b=1</a> now</p>\n',
    );
    expect(html('mail me@example.com')).toBe('<p>mail <a href="mailto:me@example.com" target="_blank" rel="noopener noreferrer">me@example.com</a></p>\n');
  });

  it('never loads an image: it becomes its alt text', () => {
    expect(html('![a cat](https://evil.example/pixel.png)')).toBe('<p><span class="prose-image-alt">a cat</span></p>\n');
    expect(html('![<b>x</b>](https://evil.example/p.png)')).toBe('<p><span class="prose-image-alt">&lt;b&gt;x&lt;/b&gt;</span></p>\n');
    expect(html('![](https://evil.example/p.png)')).toBe('<p></p>\n');
    expect(html('![x](data:image/png;base64,AAAA)')).not.toContain('<img');
    expect(html('![x][p]\n\n[p]: https://evil.example/p.png')).toBe('<p><span class="prose-image-alt">x</span></p>\n');
  });

  it('escapes attribute breakouts in link titles', () => {
    const out = html('[x](https://a.example "t\\" onmouseover=alert(1)")');
    expect(out).toContain('title="t&quot; onmouseover=alert(1)"');
    expect(out).not.toMatch(/"\s+onmouseover=/);
  });

  it('renders code blocks with their language, escaped and not linkified', () => {
    expect(html('```sql\nSELECT 1 < 2; -- https://x.example\n```')).toBe(
      '<pre><code class="language-sql">SELECT 1 &lt; 2; -- https://x.example\n</code></pre>\n',
    );
    expect(html('run `ALTER SYSTEM MAJOR FREEZE;` now')).toBe('<p>run <code>ALTER SYSTEM MAJOR FREEZE;</code> now</p>\n');
  });

  it('renders tables, escaping HTML in cells', () => {
    const out = html('| zone | role |\n|---|---|\n| zone1 | <b>LEADER</b> |');
    expect(out).toContain('<table>');
    expect(out).toContain('<th>zone</th>');
    expect(out).toContain('<td>zone1</td>');
    expect(out).toContain('<td>&lt;b&gt;LEADER&lt;/b&gt;</td>');
  });
});

describe('renderProse', () => {
  it('without a DOM (Node) returns the markdown-it stage', () => {
    expect(renderProse('# Paxos\n\n*three* replicas')).toBe('<h1>Paxos</h1>\n<p><em>three</em> replicas</p>\n');
  });
});
