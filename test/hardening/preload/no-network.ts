// Preload (node --import, also inherited by worker threads) that makes every way Node has to reach the
// network fail, and records each attempt: TCP/IPC client sockets (net.Socket#connect, net.connect,
// net.createConnection), listening servers (net.Server#listen), TLS, UDP (dgram), DNS (dns, dns/promises),
// HTTP/HTTPS/HTTP2 clients and fetch. It also records child processes, since nothing a linter reads
// should make it run a program. Each event is a JSON line appended to $PRIVACY_LINT_NET_LOG; the
// first line of every thread says the preload is in place, so a test can tell "no attempt" from
// "preload not loaded". stdio and the VS Code IPC channel are not connections made by the process
// (the pipes or the channel are handed to it), so they keep working.
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { isMainThread, threadId } from 'node:worker_threads';
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

const log = process.env.PRIVACY_LINT_NET_LOG;
const write = (event: Record<string, unknown>) => {
  if (log) appendFileSync(log, `${JSON.stringify({ pid: process.pid, thread: isMainThread ? 'main' : threadId, ...event })}\n`);
};

function blocked(api: string, args: unknown[]): Error {
  const detail = args
    .slice(0, 2)
    .map((a) => {
      try {
        return typeof a === 'function' ? 'fn' : JSON.stringify(a)?.slice(0, 200);
      } catch {
        return String(a);
      }
    })
    .join(', ');
  const error = new Error(`privacy-lint test: network access blocked: ${api}(${detail})`);
  write({ event: 'blocked', api, detail, stack: error.stack?.split('\n').slice(2, 8).join(' | ') });
  return error;
}

type AnyFn = (...args: unknown[]) => unknown;
function deny(owner: object, name: string, api: string, mode: 'throw' | 'reject' = 'throw'): void {
  const o = owner as Record<string, AnyFn>;
  if (typeof o[name] !== 'function') return;
  o[name] = function (...args: unknown[]) {
    const e = blocked(api, args);
    if (mode === 'reject') return Promise.reject(e);
    throw e;
  };
}
function record(owner: object, name: string, api: string): void {
  const o = owner as Record<string, AnyFn>;
  const original = o[name];
  if (typeof original !== 'function') return;
  o[name] = function (this: unknown, ...args: unknown[]) {
    write({ event: 'child-process', api, detail: String(args[0]).slice(0, 200) });
    return original.apply(this, args);
  };
}

deny(net.Socket.prototype, 'connect', 'net.Socket#connect');
deny(net, 'connect', 'net.connect');
deny(net, 'createConnection', 'net.createConnection');
deny(net.Server.prototype, 'listen', 'net.Server#listen');
deny(tls, 'connect', 'tls.connect');
deny(dgram, 'createSocket', 'dgram.createSocket');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']) {
  deny(dns, name, `dns.${name}`);
  deny(dns.promises, name, `dns.promises.${name}`, 'reject');
}
deny(dns.Resolver.prototype, 'resolve', 'dns.Resolver#resolve');
for (const [mod, label] of [[http, 'http'], [https, 'https']] as const) {
  deny(mod, 'request', `${label}.request`);
  deny(mod, 'get', `${label}.get`);
}
deny(http2, 'connect', 'http2.connect');
deny(globalThis, 'fetch', 'fetch', 'reject');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) record(childProcess, name, `child_process.${name}`);
// ESM importers of node:net etc. see the patched functions only after this.
syncBuiltinESMExports();

write({ event: 'loaded', argv: process.argv.slice(1, 3) });
