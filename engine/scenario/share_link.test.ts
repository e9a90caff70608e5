/**
 * Share links: what a user relies on — a link made today opens the same scenario, step and
 * editors forever (the committed v1 fixture), and a damaged or hostile link is refused with a
 * readable message, never an exception or a huge allocation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Deflate, deflateSync } from 'fflate';
import {
  checkSharePayload,
  decodeShareFragment,
  encodeShareFragment,
  SHARE_EDITOR_CHARS_MAX,
  SHARE_INFLATED_BYTES_MAX,
  shareLinkTooLong,
  type ShareDecode,
} from './share_link';
import { SCENARIO_CHARS_MAX, SHARE_LINK_CHARS_MAX, type SharePayload } from './types';

/** A link made by the v1 encoder and committed: it must keep opening to FIXTURE_PAYLOAD. */
const FIXTURE_LINK =
  '#s=v1.LY5BS8NAEIX_yjCXtpAEgrctHoxGPKgB25MsNGs62KXLbLszKrb0v3cTenmHx8f73hllIHbJRzRYlqVl9RrIwAuFEKEbyHHjhCyfIpMYuLM8YetdIoKpLCAnBHJbSpVly33fyzGA5mHWe_kXy6v2tX1cT3wBok5_BJ4_ujeIo-ErG6qn5mHTNZvP7r1dLacRy1igKB3Q1AXS1mtMgiZ_PoZ897ZZLzO1_83FIXnWuftzXkGrb9K5xb3FxWIkdqMkQzI4hpnWM7xcrg';
const FIXTURE_PAYLOAD: SharePayload = {
  scenario:
    '---\ntitle: Hello OceanBase\nzones: 3\n---\nThree zones, one leader.\n\n```sql tenant=sys\nSELECT zone, status FROM oceanbase.DBA_OB_ZONES;\n```\n',
  step: 1,
  editors: { sql: 'SELECT 1;', kv: 'print(await t.get("k"));', hbase: "scan 't1'" },
};

/** A v1 fragment around arbitrary bytes (as if deflated), to feed the later stages bad content. */
function linkOfDeflated(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `#s=v1.${Buffer.from(binary, 'latin1').toString('base64url')}`;
}
function linkOfText(text: string): string {
  return linkOfDeflated(deflateSync(new TextEncoder().encode(text), { level: 9 }));
}
function expectBad(result: ShareDecode, message: RegExp): void {
  expect(result.kind).toBe('bad');
  if (result.kind === 'bad') expect(result.error).toMatch(message);
}

const payloadArb = fc.record({
  scenario: fc.string({ unit: 'binary', maxLength: 2_000 }),
  step: fc.nat(),
  editors: fc.record({
    sql: fc.string({ unit: 'binary', maxLength: 500 }),
    kv: fc.string({ unit: 'grapheme', maxLength: 500 }),
    hbase: fc.string({ maxLength: 500 }),
  }),
});

describe('share link round trip', () => {
  it('decodes what it encodes, for arbitrary unicode payloads', () => {
    fc.assert(
      fc.property(payloadArb, (payload) => {
        const fragment = encodeShareFragment(payload);
        expect(fragment.startsWith('#s=v1.')).toBe(true);
        expect(fragment).toMatch(/^#s=v1\.[A-Za-z0-9_-]*$/);
        expect(decodeShareFragment(fragment)).toEqual({ kind: 'ok', payload, version: 1 });
      }),
      { numRuns: 300 },
    );
  });

  it('carries an empty payload and a payload at the size limits', () => {
    const empty: SharePayload = { scenario: '', step: 0, editors: { sql: '', kv: '', hbase: '' } };
    expect(decodeShareFragment(encodeShareFragment(empty))).toEqual({ kind: 'ok', payload: empty, version: 1 });
    const large: SharePayload = {
      scenario: 'é'.repeat(SCENARIO_CHARS_MAX),
      step: Number.MAX_SAFE_INTEGER,
      editors: { sql: 'x'.repeat(SHARE_EDITOR_CHARS_MAX), kv: '😀'.repeat(SHARE_EDITOR_CHARS_MAX / 4), hbase: 'z' },
    };
    expect(checkSharePayload(large)).toBe(null);
    expect(decodeShareFragment(encodeShareFragment(large))).toEqual({ kind: 'ok', payload: large, version: 1 });
  });

  it('checkSharePayload refuses a payload whose JSON would pass the inflate cap', () => {
    const tooBig: SharePayload = {
      scenario: '€'.repeat(SCENARIO_CHARS_MAX),
      step: 0,
      editors: { sql: '€'.repeat(SHARE_EDITOR_CHARS_MAX), kv: '', hbase: '' },
    };
    expect(checkSharePayload(tooBig)).toMatch(/^the payload: 1386\d{3} bytes of UTF-8 JSON \(at most 1048576\)$/);
    expectBad(decodeShareFragment(encodeShareFragment(tooBig)), /inflates to more than/);
  });

  it('writes only the payload fields, so extra properties never make a link undecodable', () => {
    const withExtra = { ...FIXTURE_PAYLOAD, title: 'x', editors: { ...FIXTURE_PAYLOAD.editors, more: 1 } } as SharePayload;
    expect(decodeShareFragment(encodeShareFragment(withExtra))).toEqual({ kind: 'ok', payload: FIXTURE_PAYLOAD, version: 1 });
  });

  it('still opens the committed v1 link', () => {
    expect(decodeShareFragment(FIXTURE_LINK)).toEqual({ kind: 'ok', payload: FIXTURE_PAYLOAD, version: 1 });
    expect(decodeShareFragment(FIXTURE_LINK.slice(1))).toEqual({ kind: 'ok', payload: FIXTURE_PAYLOAD, version: 1 });
  });
});

describe('finding the link in the fragment', () => {
  it('is none without an s= parameter', () => {
    for (const hash of ['', '#', '#section-2', '#foo=bar', '#sx=v1.abc', '#a=1&b=2', '#embed=1']) {
      expect(decodeShareFragment(hash)).toEqual({ kind: 'none' });
    }
  });

  it('finds s= among &-separated parameters', () => {
    const body = FIXTURE_LINK.slice(1);
    expect(decodeShareFragment(`#teach=1&${body}&x=y`)).toEqual({ kind: 'ok', payload: FIXTURE_PAYLOAD, version: 1 });
  });
});

describe('bad links', () => {
  it('refuses versions it does not know, naming a newer playground', () => {
    expectBad(decodeShareFragment('#s=v9.abcd'), /^bad share link: this link was made by a newer playground \(v9\)$/);
    expectBad(decodeShareFragment(FIXTURE_LINK.replace('v1.', 'v2.')), /newer playground \(v2\)/);
    expectBad(decodeShareFragment('#s=v0.abcd'), /unknown link version v0/);
    expectBad(decodeShareFragment('#s=abcd'), /no version/);
    expectBad(decodeShareFragment('#s='), /no version/);
    expectBad(decodeShareFragment('#s=vx.abcd'), /no version/);
  });

  it('refuses every truncation of a good link', () => {
    const prefix = '#s=v1.'.length;
    for (let end = prefix; end < FIXTURE_LINK.length; end++) {
      const result = decodeShareFragment(FIXTURE_LINK.slice(0, end));
      expect(result.kind, `cut at ${end}`).toBe('bad');
    }
    expectBad(decodeShareFragment(FIXTURE_LINK.slice(0, -5)), /cut short/);
  });

  it('never throws on a flipped character, and refuses characters outside base64url', () => {
    const body = FIXTURE_LINK.slice('#s=v1.'.length);
    let refused = 0;
    for (let i = 0; i < body.length; i++) {
      for (const replacement of ['A', '_', 'z']) {
        if (body[i] === replacement) continue;
        const result = decodeShareFragment(`#s=v1.${body.slice(0, i)}${replacement}${body.slice(i + 1)}`);
        if (result.kind === 'bad') refused++;
        // Raw DEFLATE has no checksum: a flip may decode to another text, but never to a payload outside the schema.
        else expect(result.kind === 'ok' && checkSharePayload(result.payload)).toBe(null);
      }
    }
    expect(refused).toBeGreaterThan(body.length);
    expectBad(decodeShareFragment(`#s=v1.${body.slice(0, 10)}!${body.slice(11)}`), /character 11 \("!"\) is not base64url/);
    expectBad(decodeShareFragment(`#s=v1.${body.slice(0, 10)}+${body.slice(11)}`), /not base64url/);
    expectBad(decodeShareFragment(`#s=v1.${body} `), /not base64url/);
  });

  it('refuses garbage of any kind without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const result = decodeShareFragment(`#s=v1.${text}`);
        expect(['bad', 'ok']).toContain(result.kind);
        if (result.kind === 'ok') expect(checkSharePayload(result.payload)).toBe(null);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(['bad', 'ok']).toContain(decodeShareFragment(linkOfDeflated(bytes)).kind);
      }),
      { numRuns: 500 },
    );
    expectBad(decodeShareFragment('#s=v1.hello world'), /not base64url/);
    expectBad(decodeShareFragment('#s=v1.AAAA'), /corrupt or cut short/);
    expectBad(decodeShareFragment('#s=v1.'), /empty/);
    expectBad(decodeShareFragment('#s=v1.A'), /bad base64url length/);
  });

  it('stops inflating a zip bomb past the cap', () => {
    // 64 MiB of zeros in non-final blocks (~64 KiB compressed), then an empty final block.
    const zeros = new Uint8Array(1 << 20);
    const parts: Uint8Array[] = [];
    const deflater = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
    for (let i = 0; i < 64; i++) deflater.push(zeros, false);
    deflater.push(new Uint8Array(0), true);
    const bomb = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (bomb.set(p, at), at + p.length), 0);
    expectBad(decodeShareFragment(linkOfDeflated(bomb)), new RegExp(`inflates to more than ${SHARE_INFLATED_BYTES_MAX} bytes`));
  });

  it('refuses huge JSON: over the inflate cap, or fields over their limits', () => {
    const overCap = JSON.stringify({ ...FIXTURE_PAYLOAD, scenario: 'a'.repeat(SHARE_INFLATED_BYTES_MAX) });
    expectBad(decodeShareFragment(linkOfText(overCap)), /inflates to more than/);
    const longScenario = { ...FIXTURE_PAYLOAD, scenario: 'a'.repeat(SCENARIO_CHARS_MAX + 1) };
    expectBad(decodeShareFragment(encodeShareFragment(longScenario)), /scenario: longer than 262144 characters/);
    const longEditor = { ...FIXTURE_PAYLOAD, editors: { ...FIXTURE_PAYLOAD.editors, hbase: 'h'.repeat(SHARE_EDITOR_CHARS_MAX + 1) } };
    expectBad(decodeShareFragment(encodeShareFragment(longEditor)), /editors\.hbase: longer than 200000 characters/);
  });

  it('refuses bad UTF-8 and bad JSON', () => {
    expectBad(decodeShareFragment(linkOfDeflated(deflateSync(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))), /not valid UTF-8/);
    expectBad(decodeShareFragment(linkOfText('{"scenario": "x",')), /not valid JSON/);
    expectBad(decodeShareFragment(linkOfText('')), /not valid JSON/);
  });

  it('names the field when the payload has the wrong shape', () => {
    const cases: [unknown, RegExp][] = [
      [null, /the payload: expected an object, got null/],
      [[1, 2], /scenario: missing/],
      [{ ...FIXTURE_PAYLOAD, step: '1' }, /step: expected a number, got "1"/],
      [{ ...FIXTURE_PAYLOAD, step: -1 }, /step: negative/],
      [{ ...FIXTURE_PAYLOAD, step: 1.5 }, /step: not an integer/],
      [{ ...FIXTURE_PAYLOAD, step: 2 ** 60 }, /step: not an integer/],
      [{ ...FIXTURE_PAYLOAD, scenario: 42 }, /scenario: expected a string, got 42/],
      [{ step: 0, editors: FIXTURE_PAYLOAD.editors }, /scenario: missing/],
      [{ ...FIXTURE_PAYLOAD, editors: { sql: '', kv: 3, hbase: '' } }, /editors\.kv: expected a string, got 3/],
      [{ ...FIXTURE_PAYLOAD, editors: { sql: '', kv: '' } }, /editors\.hbase: missing/],
      [{ ...FIXTURE_PAYLOAD, editors: 'SELECT 1' }, /editors: expected an object/],
      [{ ...FIXTURE_PAYLOAD, admin: true }, /admin: unexpected field/],
    ];
    for (const [json, message] of cases) expectBad(decodeShareFragment(linkOfText(JSON.stringify(json))), message);
  });
});

describe('shareLinkTooLong', () => {
  it('is true only past SHARE_LINK_CHARS_MAX characters', () => {
    expect(shareLinkTooLong(FIXTURE_LINK)).toBe(false);
    expect(shareLinkTooLong('#'.repeat(SHARE_LINK_CHARS_MAX))).toBe(false);
    expect(shareLinkTooLong('#'.repeat(SHARE_LINK_CHARS_MAX + 1))).toBe(true);
  });

  it('flags an incompressible scenario that a file must carry instead', () => {
    const noise = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20_000))).join('');
    const fragment = encodeShareFragment({ ...FIXTURE_PAYLOAD, scenario: noise });
    expect(shareLinkTooLong(fragment)).toBe(true);
    expect(decodeShareFragment(fragment).kind).toBe('ok');
  });
});
