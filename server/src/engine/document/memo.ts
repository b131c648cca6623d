// Memoises pure functions of a piece of text (a line, a block, a sentence, a heading) across the lints
// of one document, so after an edit only the pieces whose text changed are computed again. It must only
// hold functions whose result depends on the text and nothing else (not on config, position or the rest
// of the document); the namespace names the function and whatever else its result depends on.
// Two generations: what the latest lint used survives into the next; the rest is dropped then, so memory
// stays proportional to the document being edited, not to its history (results are computed from a
// detached copy of their text, so they never pin an older version of the document).

export class TextMemo {
  private current = new Map<string, Map<string, unknown>>();
  private previous = new Map<string, Map<string, unknown>>();

  /** Starts a new lint: entries the previous lint did not use are forgotten. */
  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** `compute(text)`, or its remembered result; `compute` must not return undefined. */
  get<T>(namespace: string, text: string, compute: (text: string) => T): T {
    let now = this.current.get(namespace);
    if (!now) this.current.set(namespace, (now = new Map()));
    let v = now.get(text) as T | undefined;
    if (v !== undefined) return v;
    v = this.previous.get(namespace)?.get(text) as T | undefined;
    if (v === undefined) v = compute(detached(text));
    now.set(text, v);
    return v;
  }

  /**
   * The remembered value, kept for the next lint too; undefined when there is none. With `put`, for
   * callers that compute several missing values at once.
   */
  find<T>(namespace: string, text: string): T | undefined {
    let now = this.current.get(namespace);
    let v = now?.get(text) as T | undefined;
    if (v !== undefined) return v;
    v = this.previous.get(namespace)?.get(text) as T | undefined;
    if (v === undefined) return undefined;
    if (!now) this.current.set(namespace, (now = new Map()));
    now.set(text, v);
    return v;
  }

  /** Remembers a value computed outside `get`; it must not point into a larger string than `text`. */
  put<T>(namespace: string, text: string, value: T): void {
    let now = this.current.get(namespace);
    if (!now) this.current.set(namespace, (now = new Map()));
    now.set(text, value);
  }

  /** Entries held (both generations), for tests and memory checks. */
  get size(): number {
    let n = 0;
    for (const m of this.current.values()) n += m.size;
    for (const m of this.previous.values()) n += m.size;
    return n;
  }
}

/**
 * A copy of `text` that does not point into the string it was sliced from. V8 makes substrings views
 * of their parent, so a result kept here (a heading's text, a sentence, a regexp match) would keep the
 * whole document of the lint that computed it alive, long after later edits replaced it: one old
 * document per remembered block, a leak that grows with editing. Computing from a copy ties what is
 * kept to the piece's own length. (Concatenating flattens into a new string; the slice is then a view
 * of that copy.)
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}
