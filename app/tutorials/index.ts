/**
 * The built-in tutorials (issue #6 item 4): every `app/tutorials/*.md` scenario, bundled as text
 * by Vite, ordered by file name (`01-tour.md` first). The slug is the file name without `.md`
 * (and without its number prefix), the title the front matter's `title:` (the slug when absent).
 * The same files run headless in CI (workers/obsh/tutorials.test.ts).
 */

export interface Tutorial {
  /** `tour` for `01-tour.md`. */
  slug: string;
  title: string;
  /** The scenario document. */
  text: string;
}

const files = import.meta.glob('./*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** `title:` from the YAML front matter (plain or quoted scalar), without parsing the whole document. */
export function frontMatterTitle(text: string): string | null {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m) return null;
  const line = /^title:[ \t]*(.+?)[ \t]*$/m.exec(m[1]);
  if (!line) return null;
  const raw = line[1];
  const quoted = /^(['"])(.*)\1$/.exec(raw);
  return quoted ? (quoted[1] === "'" ? quoted[2].replace(/''/g, "'") : quoted[2].replace(/\\"/g, '"')) : raw;
}

/** `./01-tour.md` → `tour`. */
export function tutorialSlug(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.md$/, '').replace(/^\d+[-_]/, '');
}

/** Tutorials from `{ path: text }`, ordered by file name. */
export function tutorialsFrom(byPath: Record<string, string>): Tutorial[] {
  return Object.keys(byPath)
    .sort()
    .map((path) => {
      const slug = tutorialSlug(path);
      return { slug, title: frontMatterTitle(byPath[path]) ?? slug, text: byPath[path] };
    });
}

export const TUTORIALS: Tutorial[] = tutorialsFrom(files);
