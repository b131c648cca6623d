// Glob matching in linear time, for the patterns a workspace supplies (`ignores` in .privacylintrc,
// `privacyLint.files` in editor settings) and the command line's. picomatch compiles globs to
// backtracking RegExps: "*a*a*a*a*b" against a long file name, or a few `**` against a deep path, take
// seconds to hours, so a hostile repository could hang CI or the language server. Here a glob is
// matched by simulating its automaton (the set of pattern positions reachable so far), which costs
// path length × pattern length at most, whatever the pattern.
//
// Syntax (picomatch's, minus extglobs): `*` any characters but `/`; `**` as a whole segment, any number
// of segments; `?` one character but `/`; `[abc]`, `[a-z]`, `[!a]`/`[^a]` and `[[:alpha:]]`-style
// classes; `{a,b}` alternatives and `{1..3}` ranges (expanded, capped); `\` escapes; a leading `!`
// negates. Unless `dot` is set, wildcards do not match a segment's leading dot. Where picomatch differs:
// a `*` inside braces obeys that dot rule too (picomatch lets "{a,*}" match ".x"), and "." and ".."
// path segments are matched only by themselves (relative paths of files have none).

export class GlobError extends Error {
  constructor(pattern: string, detail: string) {
    super(`glob ${JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 77)}...` : pattern)}: ${detail}`);
    this.name = 'GlobError';
  }
}

export interface GlobOptions {
  /** Let wildcards match names that start with a dot. */
  dot?: boolean;
}

/** Caps that keep compile and match time bounded: a glob longer than this, or expanding to more text, is refused. */
export const MAX_GLOB_LENGTH = 1024;
export const MAX_EXPANDED_LENGTH = 8192;

type Token = { t: 'lit'; c: string } | { t: 'any' } | { t: 'star' } | { t: 'class'; test: (c: string) => boolean };
type Segment = { globstar: true } | { globstar: false; tokens: Token[] };

/** Compiles patterns into one predicate: true when any (non-negated) pattern matches, or any negated one does not. */
export function compileGlobs(patterns: readonly string[], options: GlobOptions = {}): (path: string) => boolean {
  const matchers = patterns.map((p) => compileGlob(p, options));
  return (path) => matchers.some((m) => m(path));
}

const cache = new Map<string, (path: string) => boolean>();
/** compileGlobs, memoised: configs are merged per file, so the same `ignores` come back for every file. */
export function globMatcher(patterns: readonly string[], options: GlobOptions = {}): (path: string) => boolean {
  const key = JSON.stringify([patterns, !!options.dot]);
  let m = cache.get(key);
  if (!m) {
    m = compileGlobs(patterns, options);
    if (cache.size >= 64) cache.clear();
    cache.set(key, m);
  }
  return m;
}

export function compileGlob(pattern: string, options: GlobOptions = {}): (path: string) => boolean {
  if (typeof pattern !== 'string' || pattern === '') throw new GlobError(String(pattern), 'must be a non-empty string');
  if (pattern.length > MAX_GLOB_LENGTH) throw new GlobError(pattern, `is longer than ${MAX_GLOB_LENGTH} characters`);
  const negated = pattern.startsWith('!') && !pattern.startsWith('!(');
  const body = negated ? pattern.slice(1) : pattern;
  const expanded = expandBraces(body, pattern);
  const dot = !!options.dot;
  // picomatch: a trailing "/**" may match nothing ("a/**" matches "a"), except after a segment written
  // with a star at its end ("*/**", "x*/**/**" need one more segment; "{a,*}/**" does not). Kept, so
  // configs mean what they meant.
  const starBeforeTrailingGlobstar = /(?:^|[^\\])\*(?:\/\*\*)+$/.test(body) && !/^(?:\*\*\/)*\*\*$/.test(body);
  const alternatives = expanded.map((p) => parseSegments(p.replace(/^(?:\.\/)+/, ''), pattern, starBeforeTrailingGlobstar));
  const match = (path: string) => {
    const segs = path.split('/');
    return alternatives.some((alt) => matchSegments(alt, segs, dot));
  };
  return negated ? (path) => !match(path) : match;
}

/** Splits `{a,b}` and `{1..3}` into alternatives, nested braces included; a brace without a comma or range is literal. */
function expandBraces(pattern: string, original: string): string[] {
  let total = 0;
  const out: string[] = [];
  const walk = (s: string) => {
    const b = findBrace(s);
    if (!b) {
      total += s.length;
      if (total > MAX_EXPANDED_LENGTH) throw new GlobError(original, `expands to more than ${MAX_EXPANDED_LENGTH} characters of alternatives`);
      out.push(s);
      return;
    }
    for (const alt of b.alternatives) walk(s.slice(0, b.start) + alt + s.slice(b.end));
  };
  walk(pattern);
  return out;
}

function findBrace(s: string): { start: number; end: number; alternatives: string[] } | null {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let j = i; j < s.length; j++) {
      const c = s[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === ',' && depth === 1) commas.push(j);
      else if (c === '}' && --depth === 0) {
        const inner = s.slice(i + 1, j);
        if (commas.length) {
          const parts: string[] = [];
          let from = i + 1;
          for (const k of commas) {
            parts.push(s.slice(from, k));
            from = k + 1;
          }
          parts.push(s.slice(from, j));
          return { start: i, end: j + 1, alternatives: parts };
        }
        const range = /^(-?\d+)\.\.(-?\d+)$|^([a-zA-Z])\.\.([a-zA-Z])$/.exec(inner);
        if (range) {
          const numeric = range[1] !== undefined;
          const a = numeric ? Number(range[1]) : range[3]!.charCodeAt(0);
          const b = numeric ? Number(range[2]) : range[4]!.charCodeAt(0);
          if (Math.abs(b - a) > 1000) break;
          const step = a <= b ? 1 : -1;
          const parts: string[] = [];
          for (let v = a; v !== b + step; v += step) parts.push(numeric ? String(v) : String.fromCharCode(v));
          return { start: i, end: j + 1, alternatives: parts };
        }
        break; // "{x}" is literal
      }
    }
  }
  return null;
}

function parseSegments(pattern: string, original: string, starBeforeTrailingGlobstar: boolean): Segment[] {
  const segs: Segment[] = pattern.split('/').map((seg) => (seg === '**' ? { globstar: true as const } : { globstar: false as const, tokens: parseTokens(seg, original) }));
  let k = segs.length - 1;
  while (k >= 0 && segs[k]!.globstar) k--;
  if (starBeforeTrailingGlobstar && k >= 0 && k < segs.length - 1) segs.splice(k + 1, 0, { globstar: false, tokens: [{ t: 'star' }] });
  return segs;
}

const POSIX: Record<string, (c: string) => boolean> = {
  alpha: (c) => /[A-Za-z]/.test(c),
  digit: (c) => /[0-9]/.test(c),
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  upper: (c) => /[A-Z]/.test(c),
  lower: (c) => /[a-z]/.test(c),
  space: (c) => /\s/.test(c),
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  word: (c) => /\w/.test(c),
};

function parseTokens(seg: string, original: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) tokens.push({ t: 'lit', c: seg[++i]! });
    else if (c === '*') {
      // Consecutive stars inside a segment are one star: "a**b" is "a*b".
      if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' });
    } else if (c === '?') tokens.push({ t: 'any' });
    else if (c === '[') {
      const cls = parseClass(seg, i, original);
      if (cls) {
        tokens.push({ t: 'class', test: cls.test });
        i = cls.end;
      } else tokens.push({ t: 'lit', c });
    } else tokens.push({ t: 'lit', c });
  }
  return tokens;
}

function parseClass(seg: string, start: number, original: string): { test: (c: string) => boolean; end: number } | null {
  let i = start + 1;
  const negate = seg[i] === '!' || seg[i] === '^';
  if (negate) i++;
  const tests: Array<(c: string) => boolean> = [];
  let first = true;
  for (; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === ']' && !first) {
      return { test: (x) => tests.some((t) => t(x)) !== negate, end: i };
    }
    first = false;
    if (c === '[' && seg[i + 1] === ':') {
      const close = seg.indexOf(':]', i + 2);
      const name = close > 0 ? seg.slice(i + 2, close) : '';
      const posix = POSIX[name];
      if (!posix) throw new GlobError(original, `unknown character class [:${name}:]`);
      tests.push(posix);
      i = close + 1;
      continue;
    }
    let lo = c;
    if (c === '\\' && i + 1 < seg.length) lo = seg[++i]!;
    if (seg[i + 1] === '-' && i + 2 < seg.length && seg[i + 2] !== ']') {
      let hi = seg[i + 2]!;
      i += 2;
      if (hi === '\\' && i + 1 < seg.length) hi = seg[++i]!;
      const a = lo;
      const b = hi;
      tests.push((x) => x >= a && x <= b);
    } else {
      const a = lo;
      tests.push((x) => x === a);
    }
  }
  return null; // no closing bracket: a literal "["
}

/** One segment against a name: the set of token positions reachable after each character. */
function matchTokens(tokens: Token[], name: string, dot: boolean): boolean {
  // "." and ".." are matched only by themselves, written out, never by a wildcard.
  if (name === '.' || name === '..') return tokens.length === name.length && tokens.every((t) => t.t === 'lit' && t.c === '.');
  // Without `dot`, a segment written starting with a wildcard never matches a hidden name ("*.*" and ".x").
  if (!dot && name.startsWith('.') && (tokens[0]?.t === 'star' || tokens[0]?.t === 'any')) return false;
  const n = tokens.length;
  let states = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (s: Uint8Array) => {
    for (let k = 0; k < n; k++) if (s[k] && tokens[k]!.t === 'star') s[k + 1] = 1;
  };
  states[0] = 1;
  close(states);
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    // Without `dot`, wildcards do not match a leading dot (a literal "." or a class such as "[.]" does).
    const hidden = i === 0 && c === '.' && !dot;
    next.fill(0);
    let any = false;
    for (let k = 0; k < n; k++) {
      if (!states[k]) continue;
      const tok = tokens[k]!;
      if (tok.t === 'star') {
        if (!hidden) {
          next[k] = 1;
          any = true;
        }
      } else if (tok.t === 'lit' ? tok.c === c : tok.t === 'any' ? !hidden : tok.test(c)) {
        next[k + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    [states, next] = [next, states];
  }
  return states[n] === 1;
}

/** Segments against path components, `**` standing for any number of components. */
function matchSegments(pattern: Segment[], segs: string[], dot: boolean): boolean {
  const n = pattern.length;
  let states = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (s: Uint8Array) => {
    for (let k = 0; k < n; k++) if (s[k] && pattern[k]!.globstar) s[k + 1] = 1;
  };
  states[0] = 1;
  close(states);
  for (const seg of segs) {
    next.fill(0);
    let any = false;
    // `**` never crosses "." or ".." and, without `dot`, no hidden name.
    const crossable = seg !== '.' && seg !== '..' && (dot || !seg.startsWith('.'));
    for (let k = 0; k < n; k++) {
      if (!states[k]) continue;
      const p = pattern[k]!;
      if (p.globstar) {
        if (crossable) {
          next[k] = 1;
          any = true;
        }
      } else if (matchTokens(p.tokens, seg, dot)) {
        next[k + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    [states, next] = [next, states];
  }
  return states[n] === 1;
}
