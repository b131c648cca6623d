// Reads a policy file from disk into decoded text, turning every way that can fail (missing, a
// directory, unreadable, binary, bad encoding, too large) into one clear sentence instead of a stack trace.

import { readFileSync, statSync } from 'node:fs';
import { decodeBytes, type DecodedText } from '../engine/index.js';

/** `raw` is the exact bytes that were decoded: --fix compares the file with them before writing. */
export type ReadResult = { ok: true; value: DecodedText; bytes: number; raw: Uint8Array } | { ok: false; message: string };

export function readPolicy(path: string, maxBytes: number): ReadResult {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, message: 'is a directory' };
    // A FIFO, socket or device is no policy file: reading a FIFO blocks until a writer comes, /dev/zero never ends.
    if (!st.isFile()) return { ok: false, message: 'is not a regular file (a pipe, socket or device)' };
    size = st.size;
  } catch (e) {
    return { ok: false, message: describeIoError(e) };
  }
  // Refuse before reading: a 5 GB log file must not be pulled into memory to learn it is too large.
  if (size > maxBytes) {
    return { ok: false, message: `file is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit (raise "maxFileSize" in the config)` };
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, message: describeIoError(e) };
  }
  const decoded = decodeBytes(bytes, maxBytes);
  if (!decoded.ok) return { ok: false, message: decoded.error.message };
  // Nothing to check: say so, rather than report every section of a policy as missing.
  if (decoded.value.text.trim() === '') return { ok: false, message: 'file is empty (no policy text to lint)' };
  return { ok: true, value: decoded.value, bytes: bytes.length, raw: bytes };
}

export function describeIoError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err?.message ?? String(e);
  }
}

/** 50.0 MB, 2.0 KB, 1000 bytes: a small limit must not read "0.0 MB". */
function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
