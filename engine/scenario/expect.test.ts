/**
 * Expected-output matching of scenario cells: whitespace and blank-line tolerance, the `...` and
 * `{...}` wildcards, and the diff a tutorial author sees on a mismatch (matched wildcard lines as
 * context). Property: any text matches itself, and `...` alone matches anything.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineMatches, matchExpected, normalizeLines } from './expect';

describe('matchExpected', () => {
  it('ignores CRLF, trailing spaces and leading/trailing blank lines', () => {
    expect(matchExpected('\n\na  \r\nb\r\n\n', 'a\nb   \n')).toEqual({ pass: true, diff: null });
    expect(normalizeLines('\n  x  \n\n')).toEqual(['  x']);
  });

  it('keeps blank lines inside the text significant', () => {
    expect(matchExpected('a\n\nb', 'a\nb').pass).toBe(false);
  });

  it('matches zero or more lines with a `...` line', () => {
    expect(matchExpected('a\n...\nd', 'a\nb\nc\nd').pass).toBe(true);
    expect(matchExpected('a\n...\nd', 'a\nd').pass).toBe(true);
    expect(matchExpected('...\nd', 'x\ny\nd').pass).toBe(true);
    expect(matchExpected('a\n...', 'a').pass).toBe(true);
    expect(matchExpected('a\n...\nd', 'a\nb\nc').pass).toBe(false);
  });

  it('matches any text within a line with `{...}`', () => {
    expect(lineMatches('| 1001 | {...} |', '| 1001 | 10.0.0.2 |')).toBe(true);
    expect(lineMatches('| 1001 | {...} |', '| 1002 | 10.0.0.2 |')).toBe(false);
    expect(lineMatches('took {...} (a.b)', 'took 3 ms (a.b)')).toBe(true);
    expect(lineMatches('x.y', 'xzy')).toBe(false); // no regex meaning outside the wildcard
    expect(matchExpected('LS 1001 on {...}\n{...} rows', 'LS 1001 on server 2\n3 rows').pass).toBe(true);
  });

  it('diffs expected (-) against actual (+) with matched lines and wildcards as context', () => {
    const r = matchExpected('head\n...\nid {...}\nvalue 1\ntail', 'head\nnoise\nmore\nid 7\nvalue 2\ntail');
    expect(r.pass).toBe(false);
    expect(r.diff).toEqual([
      { op: ' ', text: 'head' },
      { op: ' ', text: '...' },
      { op: ' ', text: 'id {...}' },
      { op: '-', text: 'value 1' },
      { op: '+', text: 'value 2' },
      { op: ' ', text: 'tail' },
    ]);
  });

  it('shows missing and extra lines', () => {
    expect(matchExpected('a\nb', 'a').diff).toEqual([{ op: ' ', text: 'a' }, { op: '-', text: 'b' }]);
    expect(matchExpected('', 'x').diff).toEqual([{ op: '+', text: 'x' }]);
  });

  it('any text matches itself; `...` matches any text', () => {
    const text = fc.array(fc.stringMatching(/^[a-z |{}.+-]{0,12}$/), { maxLength: 12 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(text, (t) => {
        expect(matchExpected(t, t).pass).toBe(true);
        expect(matchExpected('...', t).pass).toBe(true);
      }),
    );
  });
});
