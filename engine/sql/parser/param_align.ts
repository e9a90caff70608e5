/**
 * Where the fast parser's parameters (fast_parser.ts) sit in the statement tree: the text is
 * parsed once more with every parameter replaced by a sentinel literal of its kind — an integer
 * of 15 digits, or a string no statement contains — and the two trees are compared. They must be
 * equal except at literal nodes holding a sentinel; each such node gives a parameter's path from
 * the root. A parameter found other than exactly once as a literal, or also spelled inside some
 * other text of the tree (a select item's source text, say), is "unsafe": its value shapes more
 * than one literal node, so it cannot vary freely.
 *
 * Both the plan cache (plan_cache.ts) and the statement-tree cache (index.ts) build on this.
 */
import type { Statement } from '../ast';
import type { FastParam, FastParse } from './fast_parser';
import { substituteParams } from './fast_parser';

export interface ParamAlignment {
  /** Path (property names from the statement root) of each parameter found once as a literal. */
  paths: Map<number, string[]>;
  /** Parameters that cannot vary on their own (see the module comment). */
  unsafe: Set<number>;
  /** The tree parsed with sentinels. */
  probe: Statement;
}

/** A string no statement literal can equal: the sentinel of parameter `i`. */
export const sentinelText = (i: number) => `\u0002ob$param${i}\u0003`;
/** A 15-digit integer standing for parameter `i` (integers up to 15 digits are all numbers). */
export const sentinelInt = (i: number) => 736_500_000_000_000 + i * 7_919;

/**
 * Aligns `fast`'s parameters with `stmt`, the tree of `text`; `parse` parses a text (the
 * grammar). Null when the sentinel text does not parse or the trees differ elsewhere.
 */
export function alignParams(stmt: Statement, text: string, fast: FastParse, parse: (text: string) => Statement): ParamAlignment | null {
  const params = fast.params;
  const images = params.map((p, i) => (p.kind === 'int' ? String(sentinelInt(i)) : `'${sentinelText(i)}'`));
  let probe: Statement;
  try {
    probe = parse(substituteParams(text, params, images));
  } catch {
    return null;
  }
  const found = new Map<number, number>();
  const paths = new Map<number, string[]>();
  const unsafe = new Set<number>();
  const path: string[] = [];
  const sentinelOf = (v: unknown): number => sentinelIndex(params, v);
  /** Marks the parameters a differing primitive spells; false when it spells none. */
  const spells = (b: unknown): boolean => {
    let hit = false;
    for (let i = 0; i < params.length; i++) {
      if ((typeof b === 'string' && b.includes(sentinelText(i))) || (typeof b === 'string' && b.includes(images[i])) || b === sentinelInt(i)) {
        unsafe.add(i);
        hit = true;
      }
    }
    return hit;
  };
  const same = (a: unknown, b: unknown): boolean => {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null) return false;
    if (typeof b !== 'object') return spells(b);
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    const lit = b as { kind?: unknown; value?: unknown };
    const param = lit.kind === 'literal' ? sentinelOf(lit.value) : -1;
    if (param >= 0) {
      found.set(param, (found.get(param) ?? 0) + 1);
      paths.set(param, path.slice());
      if ((a as { value?: unknown }).value !== params[param].value) return false;
    }
    for (const k of kb) {
      if (param >= 0 && k === 'value') continue;
      path.push(k);
      const ok = same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      path.pop();
      if (!ok) return false;
    }
    return true;
  };
  if (!same(stmt, probe)) return null;
  for (let i = 0; i < params.length; i++) {
    if (found.get(i) !== 1) unsafe.add(i);
    if (unsafe.has(i)) paths.delete(i);
  }
  return { paths, unsafe, probe };
}

/** The parameter whose sentinel `v` is, or -1. */
export function sentinelIndex(params: readonly FastParam[], v: unknown): number {
  for (let i = 0; i < params.length; i++) {
    if (params[i].kind === 'int' ? v === sentinelInt(i) : v === sentinelText(i)) return i;
  }
  return -1;
}

/** The object at `path` in `root`, or undefined. */
export function atPath(root: unknown, path: readonly string[]): unknown {
  let x = root;
  for (const k of path) x = x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined;
  return x;
}
