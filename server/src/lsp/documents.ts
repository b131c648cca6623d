// Per-document state of the language server: the open text (incremental sync through TextDocuments), one
// engine Linter per document (it keeps that document's Markdown chunk parses and per-block detection, so
// an edit re-analyses only what changed), and the latest lint snapshot tagged with the document version
// and the settings it was computed under. Every feature asks `current()` and gets a snapshot that matches
// the text the client has now; nothing here talks to the client.

import type { Connection } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver/node';
import { Linter, formatForPath, type DocumentFormat, type LintResult } from '../engine/index.js';
import { errorText, type EffectiveConfig, type Settings } from './settings.js';

export interface Snapshot {
  uri: string;
  version: number;
  /** The text this snapshot was computed from (TextDocument objects are updated in place). */
  text: string;
  format: DocumentFormat;
  settings: EffectiveConfig;
  /** null when linting is disabled for the document, or the engine failed on it (see `error`). */
  result: LintResult | null;
  error?: string;
  /** Why the document was not linted although linting is on (above maxFileSize), shown as a diagnostic. */
  notice?: string;
  /** Filled by the diagnostics feature on first use. */
  diagnostics?: Diagnostic[];
  resultId?: string;
}

export class DocumentState {
  readonly linter = new Linter();
  snapshot: Snapshot | undefined;
  timer: NodeJS.Timeout | undefined;
  /** performance.now() of the last didChange, for the pull model's debounce. */
  lastChangeAt = 0;

  constructor(readonly uri: string) {}
}

/** Markdown or plain text, from the language id the client gave, else from the file name. */
export function formatOf(doc: TextDocument): DocumentFormat {
  switch (doc.languageId) {
    case 'markdown':
    case 'mdx':
      return 'markdown';
    case 'plaintext':
    case 'text':
      return 'text';
    default: {
      // privacy-policy (*.policy.md / *.policy.txt) and anything else: go by the name.
      const path = doc.uri.replace(/[?#].*$/, '');
      return formatForPath(decodeURIComponentSafe(path));
    }
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class PolicyDocuments {
  readonly documents: TextDocuments<TextDocument>;
  private readonly states = new Map<string, DocumentState>();

  constructor(
    private readonly connection: Connection,
    private readonly settings: Settings,
  ) {
    // A change whose version is not above the document's is out of order (a replayed or reordered
    // message): applied to the current text it would silently diverge from the client's copy, and a
    // later change would reuse that version number for different text (and its cached snapshot). It is
    // dropped and logged instead.
    this.documents = new TextDocuments({
      create: TextDocument.create,
      update: (doc, changes, version) => {
        if (version > doc.version) return TextDocument.update(doc, changes, version);
        this.connection.console.warn(`privacy-lint: ignored a change to ${doc.uri} for version ${version}: the document is already at version ${doc.version}`);
        return doc;
      },
    });
  }

  /** Open documents and per-document states, for the stats request. */
  counts(): { documents: number; states: number } {
    return { documents: this.documents.all().length, states: this.states.size };
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  state(uri: string): DocumentState {
    let s = this.states.get(uri);
    if (!s) {
      s = new DocumentState(uri);
      this.states.set(uri, s);
    }
    return s;
  }

  peek(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  /** The document closed: its Linter and caches go with it. */
  drop(uri: string): void {
    const s = this.states.get(uri);
    if (s?.timer) clearTimeout(s.timer);
    this.states.delete(uri);
    this.settings.forget(uri);
  }

  /** Forget every snapshot (settings or config files changed); the Linters keep their parse caches. */
  invalidateSnapshots(): void {
    for (const s of this.states.values()) s.snapshot = undefined;
  }

  /**
   * A lint snapshot for the document's current version and current settings, computed now if needed.
   * Undefined when the document is not open (closed, or a didChange for a document never opened).
   */
  async current(uri: string): Promise<Snapshot | undefined> {
    if (!this.documents.get(uri)) return undefined;
    const settings = await this.settings.forDocument(uri);
    // The document may have changed or closed while the settings were fetched: read it again.
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const state = this.state(uri);
    const s = state.snapshot;
    if (s && s.version === doc.version && s.settings === settings) return s;
    return this.lintNow(state, doc, settings);
  }

  /** The snapshot as it stands, without linting: for checks that must not trigger work. */
  latest(uri: string): Snapshot | undefined {
    return this.states.get(uri)?.snapshot;
  }

  private lintNow(state: DocumentState, doc: TextDocument, settings: EffectiveConfig): Snapshot {
    const text = doc.getText();
    const format = formatOf(doc);
    const snap: Snapshot = { uri: doc.uri, version: doc.version, text, format, settings, result: null };
    // Above maxFileSize the document is not linted (tens of MB would block the server for minutes):
    // say so once in the document, as the CLI says "too large", instead of going quiet (cspell#2946).
    const limit = settings.config.maxFileSize;
    const bytes = settings.enable && text.length * 3 > limit ? Buffer.byteLength(text, 'utf8') : 0;
    if (bytes > limit) {
      snap.notice = `privacy-lint does not lint this document: it is ${mb(bytes)}, above the ${mb(limit)} limit (raise "maxFileSize" in a .privacylintrc.json)`;
      this.connection.console.warn(`privacy-lint: not linting ${doc.uri} (version ${doc.version}): ${mb(bytes)} is above maxFileSize (${mb(limit)})`);
    } else if (settings.enable) {
      try {
        snap.result = state.linter.lint({ uri: doc.uri, text, format }, { config: settings.config });
      } catch (e) {
        // A broken document must not take the server down: report nothing for it and say why in the log.
        snap.error = errorText(e);
        this.connection.console.error(`privacy-lint: linting ${doc.uri} (version ${doc.version}) failed: ${snap.error}`);
        this.settings.notifyOnce(`could not lint ${doc.uri}; see the server log`);
      }
    }
    state.snapshot = snap;
    return snap;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
