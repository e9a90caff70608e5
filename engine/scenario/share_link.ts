/**
 * Share links (issue #6; architecture §7): a whole scenario — document, current step and the three
 * editors — carried in the page URL's fragment, so sharing needs no server:
 *
 * ```text
 * #s=v1.<base64url, no padding>
 *        └─ raw DEFLATE (RFC 1951, level 9) of the UTF-8 JSON {"scenario":…,"step":…,"editors":{…}}
 * ```
 *
 * Invariants:
 * - Decoding never throws: every bad link (unknown version, bad base64url, corrupt deflate, a zip
 *   bomb, bad UTF-8, bad JSON, a payload failing the schema) is `{ kind: 'bad', error }` with a
 *   message a user can read. Bugs in this module are still assertion failures.
 * - Versions go through `DECODERS`: a format change adds `v2` and keeps every earlier decoder
 *   forever, so links people have already shared keep opening. `encodeShareFragment` always
 *   writes the newest version.
 * - Inflating streams with fflate's `Inflate` in small input chunks and stops as soon as the
 *   output passes `SHARE_INFLATED_BYTES_MAX`, so a zip bomb never allocates more than about that.
 * - Strings are UTF-8; a lone UTF-16 surrogate cannot be carried and arrives as U+FFFD.
 *
 * Pure: fflate and valibot only, no browser or Node global.
 */
import { deflateSync, Inflate } from 'fflate';
import * as v from 'valibot';
import { SCENARIO_CHARS_MAX, SHARE_LINK_CHARS_MAX, type SharePayload } from './types';

// ------------------------------------------------------------------------------------ limits

/** The newest share-link version; `encodeShareFragment` writes it. */
export const SHARE_LINK_VERSION = 1;
/** Characters of one editor's contents a link may carry. */
export const SHARE_EDITOR_CHARS_MAX = 200_000;
/** Bytes a link's payload may inflate to; inflating stops past this (zip bombs). */
export const SHARE_INFLATED_BYTES_MAX = 4 * SCENARIO_CHARS_MAX;
/** Characters of an `s=` value read at all (anything longer is refused before decoding). */
export const SHARE_FRAGMENT_CHARS_MAX = 2 * SHARE_INFLATED_BYTES_MAX;
/** Compressed bytes pushed into the inflater at a time (DEFLATE expands ≤ ~1032×, so ≤ ~264 KiB per push). */
const INFLATE_CHUNK_BYTES = 256;

const FRAGMENT_PREFIX = '#s=';

/** What `decodeShareFragment` found. */
export type ShareDecode =
  | { kind: 'none' }
  | { kind: 'ok'; payload: SharePayload; version: number }
  | { kind: 'bad'; error: string };

// ------------------------------------------------------------------------------------ schema

const editorText = v.pipe(v.string(), v.maxLength(SHARE_EDITOR_CHARS_MAX, `longer than ${SHARE_EDITOR_CHARS_MAX} characters`));

/** The v1 payload, exactly (no other keys). */
const SharePayloadV1 = v.strictObject({
  scenario: v.pipe(v.string(), v.maxLength(SCENARIO_CHARS_MAX, `longer than ${SCENARIO_CHARS_MAX} characters`)),
  step: v.pipe(v.number(), v.safeInteger('not an integer'), v.minValue(0, 'negative')),
  editors: v.strictObject({ sql: editorText, kv: editorText, hbase: editorText }),
});

/**
 * Checks a payload against the link schema and the inflated-size cap (a payload passing this
 * round-trips through a link); returns null when it is fine, else a message naming the first bad
 * field (`editors.sql: longer than 200000 characters`). The share button uses it
 * before offering a link; the decoder uses it on what a link carries.
 */
export function checkSharePayload(payload: unknown): string | null {
  const result = v.safeParse(SharePayloadV1, payload, { abortEarly: true });
  if (result.success) {
    const bytes = new TextEncoder().encode(payloadJson(result.output)).length;
    return bytes > SHARE_INFLATED_BYTES_MAX ? `the payload: ${bytes} bytes of UTF-8 JSON (at most ${SHARE_INFLATED_BYTES_MAX})` : null;
  }
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return path === null ? `the payload: ${describeIssue(issue)}` : `${path}: ${describeIssue(issue)}`;
}

/** A short reading of a valibot issue: our own message for checks, else expected vs received. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'validation') return issue.message;
  if (issue.expected === 'never') return 'unexpected field';
  if (issue.received === 'undefined') return 'missing';
  const expected = issue.type === 'strict_object' ? 'an object' : `a ${issue.expected ?? issue.type}`;
  return `expected ${expected}, got ${issue.received}`;
}

// ------------------------------------------------------------------------------------ encode

/**
 * The fragment for a payload: `#s=v1.` + base64url (no padding) of raw DEFLATE (level 9) of the
 * UTF-8 JSON `{scenario, step, editors: {sql, kv, hbase}}` (only those keys, in that order).
 * A payload failing `checkSharePayload` still encodes, but its link decodes as 'bad'; check it
 * first, and check `shareLinkTooLong` before offering the link.
 */
export function encodeShareFragment(p: SharePayload): string {
  const deflated = deflateSync(new TextEncoder().encode(payloadJson(p)), { level: 9 });
  return `${FRAGMENT_PREFIX}v${SHARE_LINK_VERSION}.${base64UrlEncode(deflated)}`;
}

/** The payload's JSON: only its fields, in a fixed order. */
function payloadJson(p: SharePayload): string {
  return JSON.stringify({
    scenario: p.scenario,
    step: p.step,
    editors: { sql: p.editors.sql, kv: p.editors.kv, hbase: p.editors.hbase },
  });
}

/** True when the fragment is too long to offer as a link (> SHARE_LINK_CHARS_MAX): export a file instead. */
export function shareLinkTooLong(fragment: string): boolean {
  return fragment.length > SHARE_LINK_CHARS_MAX;
}

// ------------------------------------------------------------------------------------ decode

/** One version's decoder: the text after `v<N>.` → the payload or a message. Never throws. */
type VersionDecoder = (body: string) => { ok: true; payload: SharePayload } | { ok: false; error: string };

/** Every version ever written. Never remove an entry: old links must keep opening. */
const DECODERS: ReadonlyMap<number, VersionDecoder> = new Map([[1, decodeV1]]);

/**
 * Reads a share link from a URL fragment (`location.hash`, with or without the leading `#`).
 * The fragment is `&`-separated parameters; the one named `s` is the link, the others are
 * ignored. Returns 'none' when there is no `s=` parameter, 'ok' with the payload and the link's
 * version, or 'bad' with a message (never throws).
 */
export function decodeShareFragment(hash: string): ShareDecode {
  const value = shareParam(hash);
  if (value === null) return { kind: 'none' };
  if (value.length > SHARE_FRAGMENT_CHARS_MAX) {
    return bad(`the link is too long (${value.length} characters; at most ${SHARE_FRAGMENT_CHARS_MAX})`);
  }
  const match = /^v(\d{1,9})\.([\s\S]*)$/.exec(value);
  if (match === null) return bad('the link has no version (it should start with s=v1.)');
  const version = Number(match[1]);
  const decoder = DECODERS.get(version);
  if (decoder === undefined) {
    return version > SHARE_LINK_VERSION
      ? bad(`this link was made by a newer playground (v${version})`)
      : bad(`unknown link version v${version}`);
  }
  try {
    const result = decoder(match[2]);
    return result.ok ? { kind: 'ok', payload: result.payload, version } : bad(result.error);
  } catch (e) {
    // A decoder is written not to throw; if one does, the link is still just a bad link.
    return bad(`the link could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The value of the `s` parameter of a fragment, or null when it has none. */
function shareParam(hash: string): string | null {
  const params = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const param of params.split('&')) {
    if (param.startsWith('s=')) return param.slice(2);
  }
  return null;
}

function bad(error: string): ShareDecode {
  return { kind: 'bad', error: `bad share link: ${error}` };
}

/** v1: base64url → raw DEFLATE → UTF-8 → JSON → schema. */
function decodeV1(body: string): ReturnType<VersionDecoder> {
  const deflated = base64UrlDecode(body);
  if (typeof deflated === 'string') return { ok: false, error: deflated };
  const inflated = inflateCapped(deflated, SHARE_INFLATED_BYTES_MAX);
  if (typeof inflated === 'string') return { ok: false, error: inflated };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(inflated);
  } catch {
    return { ok: false, error: 'the content is not valid UTF-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `the content is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const problem = checkSharePayload(json);
  if (problem !== null) return { ok: false, error: problem };
  return { ok: true, payload: json as SharePayload };
}

/**
 * Inflates raw DEFLATE, stopping once the output passes `bytesMax`. Returns the bytes, or a
 * message (corrupt or truncated data, or too large).
 */
function inflateCapped(deflated: Uint8Array, bytesMax: number): Uint8Array | string {
  const chunks: Uint8Array[] = [];
  let totalBytes = 0;
  const inflater = new Inflate((chunk) => {
    totalBytes += chunk.length;
    if (totalBytes <= bytesMax) chunks.push(chunk);
  });
  try {
    if (deflated.length === 0) return 'the link is empty';
    for (let at = 0; at < deflated.length; at += INFLATE_CHUNK_BYTES) {
      const end = Math.min(at + INFLATE_CHUNK_BYTES, deflated.length);
      inflater.push(deflated.subarray(at, end), end === deflated.length);
      if (totalBytes > bytesMax) return `the content inflates to more than ${bytesMax} bytes`;
    }
  } catch (e) {
    return `the compressed data is corrupt or cut short (${e instanceof Error ? e.message : String(e)})`;
  }
  const out = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

// ------------------------------------------------------------------------------------ base64url

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEXTET = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** RFC 4648 §5 base64url without padding. */
function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/**
 * Strict base64url decoding: only the url-safe alphabet, no padding, no whitespace, and the
 * unused low bits of the last character zero (one text per byte string). Returns a message on bad input.
 */
function base64UrlDecode(text: string): Uint8Array | string {
  if (text.length % 4 === 1) return 'the data is cut short (bad base64url length)';
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let bitCount = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const sextet = code < 128 ? SEXTET[code] : -1;
    if (sextet < 0) return `character ${i + 1} (${JSON.stringify(text[i])}) is not base64url`;
    bits = ((bits << 6) | sextet) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[at++] = (bits >> bitCount) & 0xff;
    }
  }
  if ((bits & ((1 << bitCount) - 1)) !== 0) return 'the data is not canonical base64url (stray bits at the end)';
  return at === out.length ? out : out.subarray(0, at);
}
