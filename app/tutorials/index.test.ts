/**
 * The Tutorials menu's list: every app/tutorials/*.md in file order, titled from its front matter,
 * and each one a scenario that parses (a broken tutorial would show an error instead of a lesson).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../engine/scenario/parse';
import { frontMatterTitle, TUTORIALS, tutorialsFrom, tutorialSlug } from './index';

describe('tutorials list', () => {
  it('orders by file name, takes titles from the front matter and slugs from the name', () => {
    const list = tutorialsFrom({
      './02-lsm.md': '---\ntitle: "The LSM tree: freeze"\nzones: 1\n---\n',
      './01-tour.md': "---\ntitle: A 'tour'\n---\ntext",
      './10-later.md': 'no front matter',
    });
    expect(list.map((t) => [t.slug, t.title])).toEqual([
      ['tour', "A 'tour'"],
      ['lsm', 'The LSM tree: freeze'],
      ['later', 'later'],
    ]);
    expect(frontMatterTitle("---\ntitle: 'it''s'\n---")).toBe("it's");
    expect(tutorialSlug('./03-paxos-failover.md')).toBe('paxos-failover');
  });

  it('bundles every tutorial file, each a scenario that parses', () => {
    expect(TUTORIALS.length).toBeGreaterThan(0);
    for (const t of TUTORIALS) {
      const r = parseScenario(t.text);
      expect(r.ok ? null : r.errors, t.slug).toBeNull();
      if (r.ok) expect(r.scenario.header.title).toBe(t.title);
    }
  });
});
