// The language server under load, shared by test/perf/lsp-load.test.ts (modest counts, asserts behaviour)
// and scripts/bench-lsp-load.mjs (10 000 edits, prints figures). Over real stdio with the test client:
// a burst of single-character edits to a ~100 KB policy, interleaved with hovers, code actions and
// diagnostic pulls (some cancelled at once, some while they run), and with malformed and out-of-order
// traffic (changes for documents never opened, stale versions, ranges outside the text, missing params,
// unknown methods). Then: the final diagnostics against those of a fresh document with the final text,
// memory before, during and after, and many open policies at once.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CancellationTokenSource,
  CodeActionRequest,
  DocumentDiagnosticRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { REPO, TestClient, fileUri } from '../lsp/client.js';
import { random } from '../helpers/random.js';

export interface Stats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  documents: number;
  states: number;
}

export const MB = 1024 * 1024;

/** Where the documents claim to live: no .privacylintrc.* above it, and nothing is written there. */
const LOAD_DIR = join(tmpdir(), 'privacy-lint-load');

/** privacyLint/stats, with a full collection first when the server runs under --expose-gc. */
export function stats(client: TestClient, gc = true): Promise<Stats> {
  return client.connection.sendRequest('privacyLint/stats', { gc }) as Promise<Stats>;
}

// ---- policies ---------------------------------------------------------------------------------------

const OWN_DIRS = [join(REPO, 'test/corpus/own'), join(REPO, 'examples')];
const CORPUS = join(REPO, '../shared/corpus/public');

function markdownIn(dirs: string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (/\.md$/.test(name) && name !== 'SOURCES.md') out.push(readFileSync(join(dir, name), 'utf8'));
  }
  return out;
}

const NAMES = ['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm', 'Fir', 'Ginkgo', 'Hazel', 'Ivy', 'Juniper', 'Larch', 'Maple'];

/**
 * A Markdown policy of about `size` characters: the public corpus in file order when it is present and
 * `source` allows (its middle is p01, one 90 KB numbered list), else this project's own policies
 * repeated, each copy with its own company name so copies are not identical. Read at run time.
 */
export function policyOfSize(size: number, source: 'corpus' | 'own' = 'corpus', variant = 0): string {
  const corpus = source === 'corpus' && existsSync(CORPUS) ? markdownIn([CORPUS]) : [];
  const texts = corpus.length ? corpus : markdownIn(OWN_DIRS);
  let out = '';
  for (let i = 0; out.length < size; i++) {
    const name = `${NAMES[(i + variant) % NAMES.length]} ${variant}-${i}`;
    const t = texts[(i + variant) % texts.length]!.replace(/^---[\s\S]*?\n---\n/, '');
    out += (out ? '\n\n' : '') + (corpus.length ? t : t.replace(/\b(?:Acme|Example|Northwind|Fernhill|Tallyworks)\b/g, name));
  }
  return out;
}

// ---- the edit storm -----------------------------------------------------------------------------------

export interface LoadOptions {
  edits: number;
  /** A hover, a code-action request and (every other time) a diagnostic pull every this many edits. */
  requestEvery: number;
  /** One piece of malformed or out-of-order traffic every this many edits. */
  badEvery: number;
  /** Size of the policy edited. */
  size: number;
  source?: 'corpus' | 'own';
  /** A memory sample every this many edits. */
  sampleEvery?: number;
  seed?: number;
  /** Resolve a request's promise into an outcome within this many ms, or count it as hung. */
  answerWithinMs?: number;
  log?: (line: string) => void;
}

export interface RequestOutcomes {
  sent: number;
  results: number;
  cancelled: number;
  /** Other errors, by request kind (MethodNotFound for the deliberately unknown method, say). */
  errors: Record<string, number>;
  hung: number;
  /** Requests cancelled by the client, and of those, how many were answered RequestCancelled. */
  cancelRequested: number;
  cancelHonoured: number;
}

export interface LoadReport {
  policyChars: number;
  edits: number;
  seconds: number;
  editsPerSecond: number;
  requests: RequestOutcomes;
  bad: number;
  /** Stats after open and first diagnostics, after warm-up. */
  before: Stats;
  /** Samples during the storm. */
  samples: Stats[];
  /** After the storm, once the final diagnostics arrived. */
  after: Stats;
  finalVersion: number;
  /** Final diagnostics equal a fresh document's with the same text. */
  finalMatches: boolean;
  finalDiagnostics: number;
  mismatch?: string;
  alive: boolean;
}

interface Pending {
  kind: string;
  promise: Promise<{ ok: true; v: unknown } | { ok: false; e: unknown }>;
  cancelled: boolean;
}

/** Diagnostics as a fresh document's would be: the uri and document version they carry normalised. */
function comparable(diags: Diagnostic[], uri: string): string {
  return JSON.stringify(
    diags.map((d) => {
      const data = d.data && typeof d.data === 'object' ? { ...(d.data as object), version: 0 } : d.data;
      const related = d.relatedInformation?.map((r) => ({ ...r, location: { ...r.location, uri: r.location.uri === uri ? '<doc>' : r.location.uri } }));
      return { ...d, data, ...(related ? { relatedInformation: related } : {}) };
    }),
  );
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'hung'> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve('hung'), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export async function editStorm(client: TestClient, o: LoadOptions): Promise<LoadReport> {
  const log = o.log ?? (() => undefined);
  const rnd = random(o.seed ?? 1);
  const text = policyOfSize(o.size, o.source);
  const uri = fileUri(join(LOAD_DIR, 'privacy-policy.md'));
  client.open(uri, text);
  await client.diagnosticsFor(uri, 1);
  // Warm-up: a few edits and a hover, so the figures below are of a server that has linted.
  for (let i = 0; i < 5; i++) {
    const v = client.change(uri, [{ range: pointRange(client, uri, Math.floor(text.length / 2)), text: 'x' }]);
    await client.hover(uri, 0, 0);
    if (i === 4) await client.diagnosticsFor(uri, v);
  }
  const before = await stats(client);
  log(`before: rss ${(before.rss / MB).toFixed(1)} MB, heap ${(before.heapUsed / MB).toFixed(1)} MB, ${before.documents} document(s)`);

  const pending: Pending[] = [];
  const outcomes: RequestOutcomes = { sent: 0, results: 0, cancelled: 0, errors: {}, hung: 0, cancelRequested: 0, cancelHonoured: 0 };
  const samples: Stats[] = [];
  let bad = 0;
  const c = client.connection;
  const t0 = performance.now();

  const request = (kind: string, send: (token: CancellationTokenSource['token']) => Promise<unknown>, cancel: 'no' | 'at-once' | 'soon') => {
    const source = new CancellationTokenSource();
    // Settled at once into a value or an error, so a cancelled request's rejection is handled when it comes.
    const promise = send(source.token).then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    outcomes.sent++;
    if (cancel === 'at-once') source.cancel();
    else if (cancel === 'soon') setTimeout(() => source.cancel(), 1 + Math.floor(rnd() * 20));
    pending.push({ kind, promise, cancelled: cancel !== 'no' });
  };

  for (let i = 1; i <= o.edits; i++) {
    const doc = client.docs.get(uri)!;
    const len = doc.getText().length;
    const at = Math.floor(rnd() * len);
    // Typing and deleting in turn keeps the size steady; now and then a line break or a pasted sentence.
    const r = rnd();
    if (r < 0.45 || len < 1000) client.change(uri, [{ range: pointRange(client, uri, at), text: r < 0.03 ? '\n' : r < 0.04 ? ' We may update this policy from time to time.' : 'x' }]);
    else client.change(uri, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + 1) }, text: '' }]);

    if (i % o.requestEvery === 0) {
      const now = client.docs.get(uri)!;
      const pos = now.positionAt(Math.floor(rnd() * now.getText().length));
      const cancel = (): 'no' | 'at-once' | 'soon' => (rnd() < 0.3 ? 'at-once' : rnd() < 0.3 ? 'soon' : 'no');
      request('hover', (token) => c.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pos }, token), cancel());
      const diags = client.published.filter((p) => p.uri === uri).at(-1)?.diagnostics ?? [];
      request(
        'codeAction',
        (token) => c.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: diags.slice(0, 3) } }, token),
        cancel(),
      );
      if ((i / o.requestEvery) % 2 === 0) request('pull', (token) => c.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }, token), cancel());
    }

    if (i % o.badEvery === 0) {
      bad++;
      const v = client.docs.get(uri)!.version;
      switch ((i / o.badEvery) % 7) {
        case 0: // a change for a document that was never opened
          void c.sendNotification('textDocument/didChange', {
            textDocument: { uri: fileUri(`/never/opened-${i}.md`), version: 2 },
            contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
          });
          break;
        case 1: // a stale version (a replayed message): the client's copy does not have it, nor must the server's
          void c.sendNotification('textDocument/didChange', {
            textDocument: { uri, version: Math.max(1, v - 3) },
            contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'STALE ' }],
          });
          break;
        case 2: // a range far outside the text: both sides clamp it
          client.change(uri, [{ range: { start: { line: 1e6, character: 5 }, end: { line: 1e6 + 3, character: 0 } }, text: '' }]);
          break;
        case 3: // negative positions
          client.change(uri, [{ range: { start: { line: -4, character: -2 }, end: { line: -1, character: 0 } }, text: '' }]);
          break;
        case 4: // a change without a version, and a close of a document never opened
          void c.sendNotification('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: 'x' }] });
          void c.sendNotification('textDocument/didClose', { textDocument: { uri: fileUri(`/never/opened-${i}.md`) } });
          break;
        case 5: // requests with missing or wrong parameters
          request('bad-hover', () => c.sendRequest('textDocument/hover', {}), 'no');
          request('bad-codeAction', () => c.sendRequest('textDocument/codeAction', { textDocument: { uri } }), 'no');
          break;
        case 6: // a method nobody handles
          request('unknown', () => c.sendRequest('privacyLint/noSuchThing', { x: 1 }), 'no');
          break;
      }
    }

    if (o.sampleEvery && i % o.sampleEvery === 0) {
      const s = await stats(client, false);
      samples.push(s);
      log(`after ${i} edits: rss ${(s.rss / MB).toFixed(1)} MB, heap ${(s.heapUsed / MB).toFixed(1)} MB, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } else if (i % 25 === 0) await yieldToLoop();
  }

  // Every request gets an answer: a result, RequestCancelled, or (for the deliberately bad ones) an error.
  const within = o.answerWithinMs ?? 120_000;
  for (const p of pending) {
    const r = await withTimeout(p.promise, within);
    if (r === 'hung') outcomes.hung++;
    else if (r.ok) outcomes.results++;
    else if (r.e instanceof ResponseError && r.e.code === LSPErrorCodes.RequestCancelled) {
      outcomes.cancelled++;
      if (p.cancelled) outcomes.cancelHonoured++;
    } else outcomes.errors[p.kind] = (outcomes.errors[p.kind] ?? 0) + 1;
    if (p.cancelled) outcomes.cancelRequested++;
  }
  const seconds = (performance.now() - t0) / 1000;

  const finalVersion = client.docs.get(uri)!.version;
  const final = await client.diagnosticsFor(uri, finalVersion);
  const after = await stats(client);
  log(`after: rss ${(after.rss / MB).toFixed(1)} MB, heap ${(after.heapUsed / MB).toFixed(1)} MB; ${seconds.toFixed(1)} s for ${o.edits} edits`);

  // A fresh document with the final text: a new Linter, no caches.
  const fresh = fileUri(join(LOAD_DIR, 'privacy-policy-fresh.md'));
  const finalText = client.text(uri);
  const from = client.published.length;
  client.open(fresh, finalText);
  const freshDiags = await client.diagnosticsFor(fresh, 1, from);
  client.close(fresh);
  const a = comparable(final, uri);
  const b = comparable(freshDiags, fresh);
  const report: LoadReport = {
    policyChars: text.length,
    edits: o.edits,
    seconds,
    editsPerSecond: o.edits / seconds,
    requests: outcomes,
    bad,
    before,
    samples,
    after,
    finalVersion,
    finalMatches: a === b,
    finalDiagnostics: final.length,
    alive: client.proc.exitCode === null,
  };
  if (a !== b) report.mismatch = `after the storm: ${a.slice(0, 400)}\nfresh document: ${b.slice(0, 400)}`;
  return report;
}

function pointRange(client: TestClient, uri: string, offset: number) {
  const p = client.docs.get(uri)!.positionAt(offset);
  return { start: p, end: p };
}

// ---- many open policies -----------------------------------------------------------------------------

export interface ManyReport {
  documents: number;
  charsEach: number;
  /** With only the server started (no document). */
  idle: Stats;
  /** With every document open and its diagnostics published. */
  open: Stats;
  /** After closing them all. */
  closed: Stats;
  seconds: number;
}

export async function manyOpen(client: TestClient, count: number, size: number, source: 'corpus' | 'own' = 'own'): Promise<ManyReport> {
  const idle = await stats(client);
  const t0 = performance.now();
  const uris: string[] = [];
  const from = client.published.length;
  let chars = 0;
  for (let i = 0; i < count; i++) {
    const text = policyOfSize(size, source, i + 1);
    chars += text.length;
    const uri = fileUri(join(LOAD_DIR, `policy-${i + 1}.md`));
    uris.push(uri);
    client.open(uri, text);
  }
  for (const uri of uris) await client.diagnosticsFor(uri, 1, from);
  const seconds = (performance.now() - t0) / 1000;
  const open = await stats(client);
  for (const uri of uris) client.close(uri);
  const closed = await stats(client);
  return { documents: count, charsEach: Math.round(chars / count), idle, open, closed, seconds };
}
