// Turns the bytes of a file into text the engine can lint, or a clear reason why it cannot.
// It never guesses silently: binary data, invalid UTF-8 and oversize input are reported, not repaired.
// The BOM is removed from the text but remembered so that a fix can write it back.

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: Encoding;
  bom: boolean;
}

export type DecodeFailure =
  | { kind: 'binary'; message: string }
  | { kind: 'invalid-encoding'; message: string }
  | { kind: 'too-large'; message: string };

export type DecodeResult = { ok: true; value: DecodedText } | { ok: false; error: DecodeFailure };

/** Default size limit; configurable through `maxFileSize` (bytes). Policies are rarely above 1 MB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export function decodeBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): DecodeResult {
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      error: {
        kind: 'too-large',
        message: `file is ${formatBytes(bytes.length)}, above the ${formatBytes(maxBytes)} limit (raise it with "maxFileSize" in the config)`,
      },
    };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return decodeWith('utf-16le', bytes.subarray(2), true);
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return decodeWith('utf-16be', bytes.subarray(2), true);
  }
  const hasUtf8Bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasUtf8Bom ? bytes.subarray(3) : bytes;
  // NUL bytes never occur in a text policy; they mark binary files (PDF, DOCX, images).
  if (body.indexOf(0) !== -1) {
    if (looksLikeBomlessUtf16(body)) {
      return { ok: false, error: { kind: 'invalid-encoding', message: 'file looks like UTF-16 without a byte order mark; save it as UTF-8 (or UTF-16 with a BOM)' } };
    }
    return { ok: false, error: { kind: 'binary', message: 'file looks binary (it contains NUL bytes); privacy-lint reads Markdown and plain text' } };
  }
  return decodeWith('utf-8', body, hasUtf8Bom);
}

function decodeWith(encoding: Encoding, body: Uint8Array, bom: boolean): DecodeResult {
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
    if (encoding !== 'utf-8' && text.includes('\u0000')) {
      return { ok: false, error: { kind: 'binary', message: 'file looks binary (it contains NUL characters)' } };
    }
    return { ok: true, value: { text, encoding, bom } };
  } catch {
    return {
      ok: false,
      error: { kind: 'invalid-encoding', message: `file is not valid ${encoding.toUpperCase()}; save it as UTF-8` },
    };
  }
}

/** Text in UTF-16 has a NUL in every other byte (the high byte of ASCII): check the first 4 KB. */
function looksLikeBomlessUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  return (odd >= half * 0.9 && even <= half * 0.1) || (even >= half * 0.9 && odd <= half * 0.1);
}

/** Encodes fixed text back in the file's own encoding and BOM, so a fix changes only what it inserts. */
export function encodeText(text: string, encoding: Encoding, bom: boolean): Uint8Array {
  if (encoding === 'utf-8') {
    const body = new TextEncoder().encode(text);
    if (!bom) return body;
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  const out = new Uint8Array(text.length * 2 + (bom ? 2 : 0));
  let o = 0;
  const le = encoding === 'utf-16le';
  if (bom) {
    out[o++] = le ? 0xff : 0xfe;
    out[o++] = le ? 0xfe : 0xff;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[o++] = le ? c & 0xff : c >> 8;
    out[o++] = le ? c >> 8 : c & 0xff;
  }
  return out;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
