/**
 * Scenario files: the name a download gets (a readable, portable slug) and the size cap on
 * opening a file, which matches the cap on a share link's scenario.
 */
import { describe, expect, it } from 'vitest';
import { readScenarioFile, scenarioFileName, slugify } from './scenarioFile';
import { SCENARIO_CHARS_MAX } from '../../engine/scenario/types';

describe('slugify', () => {
  it('turns a title into a lower-case, dash-separated slug', () => {
    expect(slugify('Paxos & Failover: 3 zones!')).toBe('paxos-failover-3-zones');
    expect(slugify('  LSM -- mini/minor/major compaction  ')).toBe('lsm-mini-minor-major-compaction');
    expect(slugify('Crème brûlée über Zürich')).toBe('creme-brulee-uber-zurich');
    expect(slugify('分区 and 副本')).toBe('分区-and-副本');
  });

  it('never yields an empty, over-long, path-like or reserved name', () => {
    expect(slugify('')).toBe('scenario');
    expect(slugify('!!! ???')).toBe('scenario');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('a\\b:c*d?e"f<g>h|i')).toBe('a-b-c-d-e-f-g-h-i');
    expect(slugify('CON')).toBe('con-scenario');
    const long = slugify('word '.repeat(40));
    expect(Array.from(long).length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^word(-word)*$/);
  });

  it('names the downloaded file <slug>.md', () => {
    expect(scenarioFileName('Hello OceanBase')).toBe('hello-oceanbase.md');
  });
});

describe('readScenarioFile', () => {
  it('reads a scenario file as UTF-8 text', async () => {
    const text = '---\ntitle: Zonen\n---\nÜber drei Zonen.\n';
    expect(await readScenarioFile(new File([text], 'z.md'))).toEqual({ name: 'z.md', text });
  });

  it('accepts exactly SCENARIO_CHARS_MAX characters and refuses one more, naming the file', async () => {
    const atCap = 'é'.repeat(SCENARIO_CHARS_MAX);
    expect((await readScenarioFile(new File([atCap], 'cap.md'))).text.length).toBe(SCENARIO_CHARS_MAX);
    await expect(readScenarioFile(new File([`${atCap}x`], 'big.md'))).rejects.toThrow(
      `big.md is too large for a scenario: ${SCENARIO_CHARS_MAX + 1} characters (at most ${SCENARIO_CHARS_MAX})`,
    );
    await expect(readScenarioFile(new File([new Uint8Array(4 * SCENARIO_CHARS_MAX + 1)], 'huge.md'))).rejects.toThrow(/huge\.md is too large .* bytes/);
  });
});
