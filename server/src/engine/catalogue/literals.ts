// What a catalogue pattern cannot match without: a short list of literal strings, one of which every
// match contains (the prefilter idea of code search engines). Testing dozens of RegExps against every
// sentence costs most of a lint; finding which of a few thousand literals a sentence holds takes one
// pass over it (see gate.ts), and a pattern none of whose literals is there cannot match.
//
// The analysis must be sound, never clever: it reads the subset of RegExp syntax the catalogue uses and
// answers "no literal known" (null) for anything it does not understand, so the pattern then simply
// runs. Patterns are compiled case-insensitively without the `u` flag, where an ASCII letter only ever
// matches the two ASCII cases of itself, so literals are kept in lower case.

/**
 * A lower-case literal. `start`: word characters beginning where a word begins (after \b, a space, a
 * hyphen…); `inside`: word characters anywhere; `exact`: any characters, some of them not word
 * characters ("://", "@", "個人情報"), anywhere; its other characters have no case.
 */
export interface Literal {
  text: string;
  kind: 'start' | 'inside' | 'exact';
}

/** Every match of the pattern contains one of these (null: no such list is known). */
export type Requirement = Literal[] | null;

interface Quant {
  min: number;
  /** Exactly once: no quantifier at all. */
  once: boolean;
}

type Atom =
  | { t: 'char'; c: string; q: Quant }
  /** A character class, `.`, \d, \s …; `nonWord`: it only matches characters \b counts as non-word. */
  | { t: 'set'; nonWord: boolean; digit?: boolean; q: Quant }
  | { t: 'boundary' }
  /** ^, $, \B, lookarounds: consume nothing this analysis can use (a quantifier on them is read and dropped). */
  | { t: 'other' }
  | { t: 'group'; alts: Atom[][]; q: Quant };

/** A character \b counts as a word character (a character code test: this runs at start-up, cold). */
function isWord(c: string): boolean {
  const k = c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95;
}

class Unsupported extends Error {}

/** Parses `source` (RegExp syntax, no `u` flag) into alternatives of atom sequences. */
class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Atom[][] {
    const alts = this.alternatives();
    if (this.i !== this.s.length) throw new Unsupported('unbalanced )');
    return alts;
  }

  private alternatives(): Atom[][] {
    const alts: Atom[][] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Atom[] {
    const seq: Atom[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') seq.push(this.atom());
    return seq;
  }

  private atom(): Atom {
    const s = this.s;
    const ch = s[this.i++]!;
    if (ch === '(') {
      let look = false;
      if (s[this.i] === '?') {
        const head = s.slice(this.i, this.i + 3);
        if (head.startsWith('?:')) this.i += 2;
        else if (head.startsWith('?=') || head.startsWith('?!')) (this.i += 2), (look = true);
        else if (head === '?<=' || head === '?<!') (this.i += 3), (look = true);
        else if (head.startsWith('?<')) {
          const close = s.indexOf('>', this.i);
          if (close < 0) throw new Unsupported('group name');
          this.i = close + 1;
        } else throw new Unsupported(`group ${head}`);
      }
      const alts = this.alternatives();
      if (s[this.i++] !== ')') throw new Unsupported('unclosed group');
      const q = this.quantifier();
      return look ? { t: 'other' } : { t: 'group', alts, q };
    }
    if (ch === '[') return { t: 'set', nonWord: this.charClass(), q: this.quantifier() };
    if (ch === '.') return { t: 'set', nonWord: false, q: this.quantifier() };
    if (ch === '^' || ch === '$') {
      this.quantifier();
      return { t: 'other' };
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{' || ch === '}' || ch === ']') throw new Unsupported(`bare ${ch}`);
    if (ch === '\\') {
      const e = s[this.i++];
      if (e === undefined) throw new Unsupported('trailing backslash');
      if (e === 'b') return { t: 'boundary' };
      if (e === 'B') return { t: 'other' };
      if (e === 's' || e === 'W') return { t: 'set', nonWord: true, q: this.quantifier() };
      if (e === 'd') return { t: 'set', nonWord: false, digit: true, q: this.quantifier() };
      if ('DwS'.includes(e)) return { t: 'set', nonWord: false, q: this.quantifier() };
      if (/[1-9k]/.test(e)) throw new Unsupported('back reference');
      if ('nrtfv'.includes(e)) return { t: 'set', nonWord: true, q: this.quantifier() };
      if ('xuc0'.includes(e)) throw new Unsupported(`escape \\${e}`);
      return { t: 'char', c: e, q: this.quantifier() };
    }
    return { t: 'char', c: ch, q: this.quantifier() };
  }

  /** Skips a class body; true when every character it can match is a non-word character. */
  private charClass(): boolean {
    const s = this.s;
    let nonWord = s[this.i] !== '^';
    if (s[this.i] === '^') this.i++;
    // In JavaScript a class ends at its first unescaped "]": "[]" never matches, "[^]" matches anything
    // (not the POSIX rule, where a "]" right after "[" or "[^" is a member).
    while (this.i < s.length && s[this.i] !== ']') {
      let c = s[this.i++]!;
      if (c === '\\') {
        const e = s[this.i++];
        if (e === undefined) throw new Unsupported('trailing backslash');
        if (e === 's' || e === 'W') continue;
        if ('dwDSbB'.includes(e) || /[0-9xuck]/.test(e)) {
          nonWord = false;
          continue;
        }
        c = e;
      }
      if (isWord(c)) nonWord = false;
      // A range may span word characters whatever its ends are.
      if (s[this.i] === '-' && s[this.i + 1] !== ']') nonWord = false;
    }
    if (s[this.i++] !== ']') throw new Unsupported('unclosed class');
    return nonWord;
  }

  private quantifier(): Quant {
    const s = this.s;
    const c = s[this.i];
    let min = 1;
    if (c === '?' || c === '*') (min = 0), this.i++;
    else if (c === '+') this.i++;
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(s.slice(this.i));
      if (!m) throw new Unsupported('brace');
      min = Number(m[1]);
      this.i += m[0].length;
    } else return ONCE;
    if (s[this.i] === '?') this.i++; // lazy
    if (s[this.i] === '?' || s[this.i] === '*' || s[this.i] === '+' || s[this.i] === '{') throw new Unsupported('double quantifier');
    return { min, once: false };
  }
}

const ONCE: Quant = { min: 1, once: true };

/** The sequence always ends by consuming a non-word character (a space, a hyphen, \s). */
function endsNonWord(seq: Atom[]): boolean {
  const last = seq[seq.length - 1];
  if (!last || (last.t !== 'char' && last.t !== 'set') || last.q.min < 1) return false;
  return last.t === 'char' ? !isWord(last.c) : last.nonWord;
}

/** Two-letter words in nearly every sentence; other two-letter word starts ("eu", "uk", "ip") are rarer. */
const COMMON_PAIRS = new Set(['am', 'an', 'as', 'at', 'be', 'by', 'do', 'go', 'he', 'if', 'in', 'is', 'it', 'me', 'my', 'no', 'of', 'on', 'or', 'so', 'to', 'up', 'us', 'we']);
/** Characters too common in prose for a short exact literal made of them to filter anything. */
const COMMON_CHARS = /^[\sA-Za-z.,;:'’"“”()\-/]*$/;

/** A literal nearly every sentence holds: useless as a filter. Digits and rare symbols are fine. */
function weak(l: Literal): boolean {
  if (l.kind === 'exact') return l.text.length < 3 && COMMON_CHARS.test(l.text);
  if (/\d/.test(l.text)) return false;
  return l.text.length < 2 || (l.text.length === 2 && (l.kind === 'inside' || COMMON_PAIRS.has(l.text)));
}

/** How good a requirement is as a filter: long literals, few of them, checked at word starts. */
function score(r: Literal[]): number {
  let shortest = Infinity;
  let anywhere = false;
  for (const l of r) {
    if (weak(l)) return -1000;
    shortest = Math.min(shortest, l.text.length);
    if (l.kind !== 'start') anywhere = true;
  }
  // Literals found inside words too ("mail" in "e-mail") match more often: prefer word starts.
  return Math.min(shortest, 8) * 10 - r.length - (anywhere ? 15 : 0);
}

/** `atBoundary`: the alternatives begin where \b holds or after a non-word character. */
function union(alts: Atom[][], atBoundary: boolean): Requirement {
  const out: Literal[] = [];
  const seen = new Set<string>();
  for (const alt of alts) {
    const r = ofSequence(alt, atBoundary);
    if (!r) return null;
    for (const l of r) {
      const k = `${l.kind}:${l.text}`;
      if (!seen.has(k)) (seen.add(k), out.push(l));
    }
  }
  return out;
}

/** The best requirement among the sequence's mandatory parts: literal runs and groups that must match. */
function ofSequence(seq: Atom[], atBoundary: boolean): Requirement {
  let best: Literal[] | null = null;
  let bestScore = -Infinity;
  const offer = (r: Requirement) => {
    if (!r || !r.length) return;
    const sc = score(r);
    if (!best || sc > bestScore) (best = r), (bestScore = sc);
  };
  // The current run of word characters, and of literal characters of any kind (for exact literals).
  let run = '';
  let runStart = false;
  let exact = '';
  // What is known about the character before the next atom: it is a non-word character (or the match
  // begins at a word boundary before a word character).
  let boundaryBefore = atBoundary;
  const flush = () => {
    if (run) offer([{ text: run, kind: runStart ? 'start' : 'inside' }]);
    run = '';
  };
  const flushExact = () => {
    // Only with a character other than word characters and spaces: the word runs cover the rest, and
    // the trie finds them faster.
    if (/[^a-z0-9_\s]/.test(exact)) offer([{ text: exact, kind: 'exact' }]);
    exact = '';
  };
  for (const a of seq) {
    const literal = a.t === 'char' && a.q.min >= 1 && caseless(a.c);
    if (!literal) flushExact();
    else {
      exact += a.c.toLowerCase();
      if (!a.q.once) flushExact();
    }
    if (a.t === 'char' && isWord(a.c)) {
      if (a.q.min === 0) {
        flush();
        boundaryBefore = false;
        continue;
      }
      if (!run) runStart = boundaryBefore;
      run += a.c.toLowerCase();
      boundaryBefore = false;
      // `s+` or `s{2}`: its first character is certain, what follows is not a literal.
      if (!a.q.once) flush();
      continue;
    }
    flush();
    if (a.t === 'boundary') {
      boundaryBefore = true;
      continue;
    }
    if (a.t === 'set' && a.digit && a.q.min >= 1) {
      // \d: one of ten one-character literals, the filter of last resort for phone numbers and dates.
      offer(Array.from({ length: 10 }, (_, d) => ({ text: String(d), kind: 'inside' as const })));
    }
    if (a.t === 'char' || a.t === 'set') {
      // A non-word character (or class) puts a word start after it; an optional one (`[“"]?`, ` ?`)
      // leaves what was known before it, taken or skipped.
      const nonWord = a.t === 'char' || a.nonWord;
      boundaryBefore = nonWord && (a.q.min >= 1 || boundaryBefore);
      continue;
    }
    if (a.t === 'group') {
      if (a.q.min >= 1) offer(union(a.alts, boundaryBefore));
      // "(may |also )?collect": skipped or taken, the group leaves "collect" at the start of a word.
      boundaryBefore = (a.q.min === 0 ? boundaryBefore : true) && a.alts.every(endsNonWord);
      continue;
    }
    boundaryBefore = false;
  }
  flush();
  flushExact();
  return best;
}

/**
 * A character an exact literal may hold: ASCII (letters match either case, the text is compared
 * case-folded) or a character with no case at all ("情", "@", "’"), which only matches itself.
 */
function caseless(c: string): boolean {
  return c.charCodeAt(0) < 128 || (c.toLowerCase() === c && c.toUpperCase() === c);
}

/**
 * The literals every match of `source` contains, or null when none are known (or only weak ones, which
 * nearly every sentence holds).
 */
export function requiredLiterals(source: string): Requirement {
  let alts: Atom[][];
  try {
    alts = new Parser(source).parse();
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  const r = union(alts, false);
  if (!r || r.some(weak)) return null;
  return r;
}
