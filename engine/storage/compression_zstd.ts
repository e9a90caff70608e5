/**
 * The zstd codec behind COMPRESSION = 'zstd_1.0' / 'zstd_1.3.8' (OceanBase's `ObZstdCompressor`,
 * level 1). It runs the zstd WebAssembly module of @bokuweb/zstd-wasm, embedded as base64 in
 * compression_zstd_wasm.ts, through this file's own minimal glue instead of the package's
 * Emscripten loader: the loader fetches the .wasm by URL in browsers and reads it with `fs` in Node,
 * neither of which works in every host (the Vite worker bundle, esbuild bundles, Vitest). Here the
 * only global used is `WebAssembly`, so the engine stays host-agnostic.
 *
 * Instantiation is asynchronous (`loadZstdWasm`, awaited by `initCompression`); after that every
 * call is synchronous. One compression context and one decompression context are kept for the life
 * of the module, and the input/output buffers in wasm memory are reused (grown when a bigger block
 * comes), so a block costs no wasm allocation in the steady state.
 *
 * The export letters below are the package's minified names (see its dist/web/zstd.js glue);
 * `loadZstdWasm` asserts their kinds and arities, and compression.test.ts round-trips through them.
 */
import { assert } from '../common/assert';
import type { Codec } from './compression';
import { ZSTD_WASM_BASE64, ZSTD_WASM_BYTES } from './compression_zstd_wasm';

/** zstd runs at level 1 in OceanBase (reference §4.8). */
export const ZSTD_LEVEL = 1;

/** The module's exports we call (letters as minified by the package's Emscripten build). */
interface ZstdExports {
  /** linear memory */
  f: WebAssembly.Memory;
  /** __wasm_call_ctors */
  g: () => void;
  /** ZSTD_isError(code) → 0/1 */
  h: (code: number) => number;
  /** ZSTD_compressBound(srcSize) */
  i: (srcSize: number) => number;
  /** ZSTD_createCCtx() */
  j: () => number;
  /** ZSTD_compress_usingDict(cctx, dst, dstCap, src, srcSize, dict, dictSize, level) */
  l: (cctx: number, dst: number, dstCap: number, src: number, srcSize: number, dict: number, dictSize: number, level: number) => number;
  /** ZSTD_createDCtx() */
  n: () => number;
  /** ZSTD_decompress_usingDict(dctx, dst, dstCap, src, srcSize, dict, dictSize) */
  q: (dctx: number, dst: number, dstCap: number, src: number, srcSize: number, dict: number, dictSize: number) => number;
  /** malloc(bytes) */
  s: (bytes: number) => number;
  /** free(ptr) */
  t: (ptr: number) => void;
}

const EXPECTED_ARITY: Readonly<Record<Exclude<keyof ZstdExports, 'f'>, number>> = {
  g: 0, h: 1, i: 1, j: 0, l: 8, n: 0, q: 7, s: 1, t: 1,
};

const WASM_PAGE_BYTES = 65536;
const WASM_MAX_HEAP_BYTES = 2 ** 31;

/** Decodes standard base64 (no `atob`: it is a host global). */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const lookup = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* '=' */) end--;
  const out = new Uint8Array(Math.floor((end * 6) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? lookup[c]! : -1;
    assert(v >= 0, `bad base64 character at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  assert(o === out.length, 'base64 length');
  return out;
}

/** The host functions the module imports (module "a"); zstd itself uses only heap growth. */
function makeImports(memory: () => WebAssembly.Memory): WebAssembly.Imports {
  const fatal = (what: string) => () => {
    throw new Error(`zstd wasm: ${what}`);
  };
  return {
    a: {
      a: fatal('exit'), // proc_exit
      b: () => {}, // emscripten_runtime_keepalive_clear
      c: fatal('abort'), // abort
      d: () => 0, // setitimer: never armed by zstd's compress/decompress
      e: (requestedBytes: number) => {
        // emscripten_resize_heap: grow linear memory to at least requestedBytes; 1 = ok, 0 = no.
        const mem = memory();
        const want = requestedBytes >>> 0;
        if (want > WASM_MAX_HEAP_BYTES) return 0;
        const pages = Math.ceil((want - mem.buffer.byteLength) / WASM_PAGE_BYTES);
        try {
          if (pages > 0) mem.grow(pages);
          return 1;
        } catch {
          return 0;
        }
      },
    },
  };
}

/** A reusable malloc'd region in wasm memory. */
interface Region {
  ptr: number;
  capBytes: number;
}

class ZstdWasmCodec implements Codec {
  private readonly cctx: number;
  private readonly dctx: number;
  private readonly src: Region = { ptr: 0, capBytes: 0 };
  private readonly dst: Region = { ptr: 0, capBytes: 0 };

  constructor(private readonly x: ZstdExports) {
    this.cctx = x.j();
    this.dctx = x.n();
    assert(this.cctx !== 0 && this.dctx !== 0, 'zstd contexts');
  }

  compress(raw: Uint8Array): Uint8Array | null {
    const bound = this.x.i(raw.length) >>> 0;
    this.reserve(this.src, raw.length);
    this.reserve(this.dst, bound);
    this.heap().set(raw, this.src.ptr);
    const r = this.x.l(this.cctx, this.dst.ptr, bound, this.src.ptr, raw.length, 0, 0, ZSTD_LEVEL);
    assert(this.x.h(r) === 0, `zstd compress failed (${r})`);
    const n = r >>> 0;
    if (n >= raw.length) return null;
    return this.heap().slice(this.dst.ptr, this.dst.ptr + n); // after the call: memory may have grown
  }

  decompress(payload: Uint8Array, rawBytes: number): Uint8Array | null {
    this.reserve(this.src, payload.length);
    this.reserve(this.dst, rawBytes);
    this.heap().set(payload, this.src.ptr);
    const r = this.x.q(this.dctx, this.dst.ptr, rawBytes, this.src.ptr, payload.length, 0, 0);
    if (this.x.h(r) !== 0 || r >>> 0 !== rawBytes) return null;
    return this.heap().slice(this.dst.ptr, this.dst.ptr + rawBytes);
  }

  private heap(): Uint8Array {
    return new Uint8Array(this.x.f.buffer);
  }

  /** Makes `region` hold at least `bytes` (rounded up to 64 KiB so regrowth is rare). */
  private reserve(region: Region, bytes: number): void {
    if (bytes <= region.capBytes) return;
    if (region.ptr !== 0) this.x.t(region.ptr);
    const cap = Math.ceil(Math.max(bytes, 1) / WASM_PAGE_BYTES) * WASM_PAGE_BYTES;
    const ptr = this.x.s(cap);
    assert(ptr !== 0, `zstd wasm out of memory (${cap} bytes)`);
    region.ptr = ptr;
    region.capBytes = cap;
  }
}

/**
 * Instantiates the embedded zstd module and returns its synchronous codec (level 1).
 * Rejects only if the host has no working WebAssembly; asserts if the embedded module does not
 * have the exports this glue expects (a package upgrade without re-checking the letters).
 */
export async function loadZstdWasm(): Promise<Codec> {
  const bytes = decodeBase64(ZSTD_WASM_BASE64);
  assert(bytes.length === ZSTD_WASM_BYTES, 'embedded zstd wasm length');
  let exports: ZstdExports | null = null;
  const imports = makeImports(() => {
    assert(exports !== null, 'zstd wasm called the host before instantiation finished');
    return exports.f;
  });
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  const x = instance.exports as unknown as ZstdExports;
  assert(x.f instanceof WebAssembly.Memory, 'zstd wasm export f is its memory');
  for (const [name, arity] of Object.entries(EXPECTED_ARITY)) {
    const fn = (x as unknown as Record<string, unknown>)[name];
    assert(typeof fn === 'function' && fn.length === arity, `zstd wasm export ${name}/${arity}`);
  }
  exports = x;
  x.g();
  return new ZstdWasmCodec(x);
}
