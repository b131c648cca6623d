// Which sentences (and headings) match a cue list, remembered per text across the lints of one document.
// Rule kinds ask the same questions of every sentence on every lint: "does it name a DPO?", "does it
// state the legitimate interest?". After a keystroke only one sentence is new, so the answers for the
// rest are read back instead of running dozens of RegExps over a 100 KB policy again.
//
// Storage is compact because it lives as long as the document is open: each distinct text gets one
// byte array with a slot per cue list (0 = not asked yet, 1 = no, 2 = yes), kept in the analysis's
// TextMemo, so texts that leave the document are forgotten on the next lint. A Map per cue list and
// text would cost tens of bytes per answer; this costs one.

import type { CompiledCue } from '../catalogue/catalogue.js';
import { cueMatchesText } from '../catalogue/catalogue.js';
import { isGated, literalsIn, mayMatch, unionOf, type Found } from '../catalogue/gate.js';
import type { Analysis } from '../detect/detector.js';

/** Cue list id → its slot. Cue lists come from the built-in catalogue, so this stays small. */
const slotOfId = new Map<string, number>();
/** Ids given to cue lists by identity (a compiled list is the same array on every lint). */
const idOfList = new WeakMap<CompiledCue[], string>();
let lists = 0;

interface Answers {
  v: Uint8Array;
}

const UNKNOWN = 0;
const NO = 1;
const YES = 2;

function slotOf(id: string): number {
  let k = slotOfId.get(id);
  if (k === undefined) slotOfId.set(id, (k = slotOfId.size));
  return k;
}

/** A stable id for a compiled cue list, for callers that have no name for it. */
export function cueListId(cues: CompiledCue[]): string {
  let id = idOfList.get(cues);
  if (!id) idOfList.set(cues, (id = `list#${++lists}`));
  return id;
}

type Kind = 'sentence' | 'heading';
const perAnalysis = new WeakMap<Analysis, Record<Kind, Answers[] | undefined>>();

function answersOf(a: Analysis, kind: Kind, texts: readonly string[]): Answers[] {
  let cached = perAnalysis.get(a);
  if (!cached) perAnalysis.set(a, (cached = { sentence: undefined, heading: undefined }));
  let answers = cached[kind];
  if (!answers) {
    const ns = `cue-answers:${kind}`;
    const size = Math.max(64, slotOfId.size + 16);
    // find/put rather than get: the answers do not point into the text, so no detached copy is needed.
    answers = texts.map((t) => {
      let ans = a.memo.find<Answers>(ns, t);
      if (!ans) a.memo.put(ns, t, (ans = { v: new Uint8Array(size) }));
      return ans;
    });
    cached[kind] = answers;
  }
  return answers;
}

/**
 * Indexes (into `texts`, in the order of `indices`) of the texts that match any of `cues`. `texts` must
 * be the analysis's sentence texts (kind 'sentence') or its heading texts in a fixed order (kind
 * 'heading'), so that the answers can be kept by text.
 */
export function matchingIndexes(a: Analysis, kind: Kind, texts: readonly string[], indices: Iterable<number>, id: string, cues: CompiledCue[]): number[] {
  const k = slotOf(id);
  const answers = answersOf(a, kind, texts);
  const order: number[] = [];
  const pending: number[] = [];
  for (const i of indices) {
    order.push(i);
    const ans = answers[i]!;
    if (ans.v.length <= k) grow(ans, k);
    if (ans.v[k] === UNKNOWN) pending.push(i);
  }
  if (pending.length) {
    // Many unanswered texts (a cold lint): first drop the cues whose every pattern cannot match the
    // policy anywhere, one scan each; the answers are the same either way, only cheaper.
    const found = foundOf(a, kind, texts);
    const list = pending.length > 16 ? possible(a, kind, texts, found, cues) : cues;
    for (const i of pending) answers[i]!.v[k] = list.length && list.some((c) => cueMatchesText(c, texts[i]!, found(i))) ? YES : NO;
  }
  return order.filter((i) => answers[i]!.v[k] === YES);
}

/**
 * The first of `indices` (in that order) whose text matches any of `cues`, asking only as far as needed:
 * an element found in the first sentence of its section costs one test on a cold lint, not one per
 * sentence of the section.
 */
export function firstMatching(a: Analysis, kind: Kind, texts: readonly string[], indices: readonly number[], id: string, cues: CompiledCue[]): number | undefined {
  const k = slotOf(id);
  const answers = answersOf(a, kind, texts);
  let list: CompiledCue[] | null = null;
  const found = foundOf(a, kind, texts);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    const ans = answers[i]!;
    if (ans.v.length <= k) grow(ans, k);
    let v = ans.v[k];
    if (v === UNKNOWN) {
      list ??= indices.length - j > 16 ? possible(a, kind, texts, found, cues) : cues;
      v = ans.v[k] = list.length && list.some((c) => cueMatchesText(c, texts[i]!, found(i))) ? YES : NO;
    }
    if (v === YES) return i;
  }
  return undefined;
}

/**
 * The literals (gate.ts) of text i: the analysis's own scan for its sentences, a remembered scan for
 * other texts (headings).
 */
function foundOf(a: Analysis, kind: Kind, texts: readonly string[]): (i: number) => Found {
  if (kind === 'sentence' && texts === a.texts) return (i) => a.found[i]!;
  return (i) => a.memo.get('literals', texts[i]!, literalsIn);
}

/** Per analysis and kind, whether a pattern can match some text: many cue lists share patterns. */
const anywhere = new WeakMap<Analysis, Partial<Record<Kind, { found: Found; known: Map<RegExp, boolean> }>>>();

/**
 * The cues whose every pattern may match one of the texts somewhere (the others cannot match any). A
 * pattern with literals is judged by the literals of all the sentences (or headings) together; only
 * one without, and unanchored, is run over the whole text.
 */
function possible(a: Analysis, kind: Kind, texts: readonly string[], foundAt: (i: number) => Found, cues: CompiledCue[]): CompiledCue[] {
  let perKind = anywhere.get(a);
  if (!perKind) anywhere.set(a, (perKind = {}));
  const seen = (perKind[kind] ??= { found: unionOf(kind === 'sentence' ? a.found : texts.map((_, i) => foundAt(i))), known: new Map() });
  const { found, known } = seen;
  const test = (re: RegExp) => {
    let v = known.get(re);
    // An anchored pattern (^, $) may match a sentence and not the whole policy: only unanchored ones are
    // tried on the whole text.
    if (v === undefined) known.set(re, (v = mayMatch(re, found) && (isGated(re) || /[$^]/.test(re.source) || re.test(a.doc.plain))));
    return v;
  };
  return cues.filter((c) => c.all.every(test));
}

function grow(ans: Answers, k: number): void {
  const grown = new Uint8Array(Math.max(k + 16, ans.v.length * 2));
  grown.set(ans.v);
  ans.v = grown;
}

/** The few ranges asked for lately (a document's sentence and heading counts), newest last. */
const ranges = new Map<number, number[]>();
/** Every index 0..n-1, for callers that search the whole policy (a shared array: do not modify). */
export function allIndexes(n: number): readonly number[] {
  let r = ranges.get(n);
  if (r) return r;
  r = Array.from({ length: n }, (_, i) => i);
  ranges.set(n, r);
  if (ranges.size > 8) ranges.delete(ranges.keys().next().value!);
  return r;
}
