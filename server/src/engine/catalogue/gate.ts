// A cheap "can this pattern match here at all?" in front of the catalogue's RegExps. Each pattern's
// required literals (literals.ts) go into one table; a text is scanned once for all of them (a trie
// walked from every word start, plus a substring search for the few literals that need not start a
// word), and a pattern none of whose literals the text holds is not run. The answer "maybe" is always
// safe, so anything unknown (a pattern with no literals, one registered after the scan) passes.

import { requiredLiterals, type Literal } from './literals.js';

/** The literals one text holds: a bit per literal id, for the ids registered when it was scanned. */
export interface Found {
  readonly count: number;
  /**
   * 32 bits per element. A plain array: a typed one this size (over 64 bytes) gets a backing store
   * outside the JS heap, one malloc per sentence, which an editing session turns into RSS growth.
   */
  readonly bits: number[];
}

/** Trie alphabet: a–z (either case), 0–9 and _, the characters \b counts as word characters. */
const ALPHABET = 37;
/** Symbol of each ASCII character, -1 for the rest. */
const SYMBOLS = Int8Array.from({ length: 128 }, (_, c) =>
  c >= 97 && c <= 122 ? c - 97 : c >= 65 && c <= 90 ? c - 65 : c >= 48 && c <= 57 ? c - 22 : c === 95 ? 36 : -1,
);
function symbol(c: number): number {
  return c < 128 ? SYMBOLS[c]! : -1;
}

/**
 * A trie over the alphabet: the child of node n on symbol k is next[n * ALPHABET + k], 0 for none
 * (the root is nobody's child); endAt[n] is the id of the literal ending at n, or -1.
 */
class Trie {
  next = new Int32Array(ALPHABET * 256);
  endAt = new Int32Array(256).fill(-1);
  private nodes = 1;

  add(text: string, id: number): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const at = n * ALPHABET + symbol(text.charCodeAt(i));
      n = this.next[at]!;
      if (!n) {
        n = this.addNode();
        this.next[at] = n;
      }
    }
    this.endAt[n] = id;
  }

  private addNode(): number {
    if (this.nodes === this.endAt.length) {
      const endAt = new Int32Array(this.endAt.length * 2).fill(-1);
      endAt.set(this.endAt);
      this.endAt = endAt;
      const next = new Int32Array(this.next.length * 2);
      next.set(this.next);
      this.next = next;
    }
    return this.nodes++;
  }
}

/** Literals that begin a word, walked from word starts only. */
const atStart = new Trie();
/** Literals that may begin inside a word, walked from every word character. */
const inside = new Trie();
let insideCount = 0;
/**
 * Exact literals by their anchor: the first character that is neither a word character nor a space
 * ("." in "u.s.", "@"), rare in prose, so few positions are compared; `at` is its offset in the literal.
 */
const exactByAnchor = new Map<number, Array<{ text: string; id: number; at: number }>>();
/** Which ASCII characters anchor an exact literal; any other character is looked up in the map. */
const exactAnchorAscii = new Uint8Array(128);
let exactNonAscii = false;
let count = 0;
const ids = new Map<string, number>();
const gates = new WeakMap<RegExp, Int32Array | null>();

function idOf(l: Literal): number {
  const key = `${l.kind}:${l.text}`;
  let id = ids.get(key);
  if (id !== undefined) return id;
  id = count++;
  ids.set(key, id);
  if (l.kind === 'exact') {
    const at = l.text.search(/[^a-z0-9_\s]/);
    const anchor = l.text.charCodeAt(at);
    let list = exactByAnchor.get(anchor);
    if (!list) exactByAnchor.set(anchor, (list = []));
    list.push({ text: l.text, id, at });
    if (anchor < 128) exactAnchorAscii[anchor] = 1;
    else exactNonAscii = true;
  } else {
    (l.kind === 'start' ? atStart : inside).add(l.text, id);
    if (l.kind === 'inside') insideCount++;
  }
  return id;
}

/** Registers a compiled catalogue pattern (case-insensitive, no `u` flag) with its source. */
export function registerPattern(re: RegExp, source: string): void {
  if (gates.has(re)) return;
  const lits = requiredLiterals(source);
  gates.set(re, lits ? Int32Array.from(lits, idOf) : null);
}

/** One pass over `text`: which registered literals it holds. */
export function literalsIn(text: string): Found {
  const bits = new Array<number>((count + 31) >>> 5).fill(0);
  const startRoot = atStart.next;
  const insideRoot = inside.next;
  let prevWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 ? exactAnchorAscii[c] : exactNonAscii && exactByAnchor.has(c)) exact(text, i, bits);
    const k = c < 128 ? SYMBOLS[c]! : -1;
    if (k < 0) {
      prevWord = false;
      continue;
    }
    // Most characters begin no literal: look at the root's child before walking.
    if (!prevWord && startRoot[k]) walk(atStart, text, i, k, bits);
    if (insideRoot[k]) walk(inside, text, i, k, bits);
    prevWord = true;
  }
  return { count, bits };
}

/** Marks the exact literals anchored at i; ASCII letters compare in either case. */
function exact(text: string, i: number, bits: number[]): void {
  for (const l of exactByAnchor.get(text.charCodeAt(i)) ?? []) {
    const start = i - l.at;
    if (start < 0 || start + l.text.length > text.length) continue;
    let j = 0;
    for (; j < l.text.length; j++) {
      const t = text.charCodeAt(start + j);
      if ((t >= 65 && t <= 90 ? t + 32 : t) !== l.text.charCodeAt(j)) break;
    }
    if (j === l.text.length) bits[l.id >>> 5] = bits[l.id >>> 5]! | (1 << (l.id & 31));
  }
}

/** Marks the literals of `trie` that begin at i (whose symbol is k). */
function walk(trie: Trie, text: string, i: number, k: number, bits: number[]): void {
  const { next, endAt } = trie;
  let n = next[k]!;
  for (let j = i + 1; n; j++) {
    const id = endAt[n]!;
    if (id >= 0) bits[id >>> 5] = bits[id >>> 5]! | (1 << (id & 31));
    if (j >= text.length) return;
    const kj = symbol(text.charCodeAt(j));
    if (kj < 0) return;
    n = next[n * ALPHABET + kj]!;
  }
}

/** Whether `re` has literals to filter on (a registered pattern whose literals are known). */
export function isGated(re: RegExp): boolean {
  return !!gates.get(re);
}

/** The literals any of several texts holds (a policy's, from its sentences' scans). */
export function unionOf(founds: readonly Found[]): Found {
  let n = count;
  for (const f of founds) n = Math.min(n, f.count);
  const bits = new Array<number>((n + 31) >>> 5).fill(0);
  for (const f of founds) for (let w = 0; w < bits.length; w++) bits[w] = bits[w]! | f.bits[w]!;
  return { count: n, bits };
}

/** False only when `re` cannot match the text `found` was scanned from. */
export function mayMatch(re: RegExp, found: Found): boolean {
  const gate = gates.get(re);
  if (!gate) return true;
  for (let i = 0; i < gate.length; i++) {
    const id = gate[i]!;
    if (id >= found.count || found.bits[id >>> 5]! & (1 << (id & 31))) return true;
  }
  return false;
}

/** Registered literals, and how many of them are searched inside words, for tests. */
export function literalCount(): { total: number; inside: number; exact: number } {
  let exactCount = 0;
  for (const list of exactByAnchor.values()) exactCount += list.length;
  return { total: count, inside: insideCount, exact: exactCount };
}
