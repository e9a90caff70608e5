/** Prose edited in place stays one prose cell: never empty, never a command fence. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../engine/scenario/parse';
import { formatScenario } from '../../engine/scenario/serialize';
import type { Scenario } from '../../engine/scenario/types';
import { proseProblem } from './CellProse';

describe('proseProblem', () => {
  it('accepts Markdown, including code fences of other languages', () => {
    expect(proseProblem('# Title\n\nSome **bold** text.')).toBeNull();
    expect(proseProblem('```text\nSELECT 1;\n```')).toBeNull();
  });

  it('refuses empty prose and fences that would become cells', () => {
    expect(proseProblem('  \n')).toBe('Prose cannot be empty.');
    expect(proseProblem('see:\n```sql\nSELECT 1;\n```')).toMatch(/```sql fence here would become a new cell/);
    expect(proseProblem('~~~~ expected\nx\n~~~~')).toMatch(/```expected fence/);
  });

  it('what it accepts survives the document round trip as the same single prose cell', () => {
    const texts = ['Plain words.', '```text\nSELECT 1;\n```', '- a\n- b\n\n> quote', '<script>alert(1)</script>'];
    for (const source of texts) {
      expect(proseProblem(source)).toBeNull();
      const s: Scenario = {
        header: { title: 'T', zones: 3, serversPerZone: 1, tenants: [], seed: null, clockRate: 1 },
        cells: [{ kind: 'prose', source, options: {}, expected: null, line: 0 }],
      };
      const r = parseScenario(formatScenario(s));
      expect(r.ok && r.scenario.cells.map((c) => [c.kind, c.source])).toEqual([['prose', source]]);
    }
  });
});
