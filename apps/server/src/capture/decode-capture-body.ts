import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CaptureError, payloadTooLarge, requestDecodingError } from './capture-error';
import { decompressLz64, Lz64TooLargeError } from './decompress-lz64';

const gunzip = promisify(zlib.gunzip);

export interface CaptureBodyInput {
  /** The raw request body (empty for GET). */
  body: Buffer;
  /** Query string parameters. */
  query: Record<string, string | undefined>;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  /** Largest decompressed payload accepted, in bytes. */
  maxBytes: number;
}

type Compression = 'gzip' | 'lz64' | 'base64' | null;

function compressionHint(value: string | undefined): Compression {
  switch ((value ?? '').toLowerCase()) {
    case 'gzip':
    case 'gzip-js':
      return 'gzip';
    case 'lz64':
    case 'lz-string':
      return 'lz64';
    case 'base64':
    case 'b64':
      return 'base64';
    default:
      return null;
  }
}

const BASE64 = /^[A-Za-z0-9+/=_\-\s]+$/;

function looksLikeBase64(text: string): boolean {
  const t = text.trim();
  return t.length >= 4 && t.length % 4 !== 1 && BASE64.test(t) && !/^(true|false|null|\d+)$/.test(t);
}

function decodeBase64(text: string): Buffer {
  const normalized = text.trim().replace(/\s/g, '+').replace(/-/g, '+').replace(/_/g, '/');
  return Buffer.from(normalized, 'base64');
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function inflate(bytes: Buffer, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzip(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
      /maxOutputLength|Cannot create a Buffer larger/i.test(String(error))
    ) {
      throw payloadTooLarge(maxBytes);
    }
    throw requestDecodingError(`Body is not valid gzip: ${(error as Error).message}`);
  }
}

/**
 * Turns a capture request into the JSON text it carries, the way PostHog's capture does: the payload
 * is the `data` query parameter or the body (or a form's `data` field); gzip is detected from its first
 * bytes whatever the headers say (posthog-js sends gzip as text/plain with no hint), otherwise the
 * `compression` hint (query, form, or Content-Encoding) picks gzip, lz-string or base64; text that still
 * looks like base64 is decoded once more.
 */
export async function decodeCaptureBody(input: CaptureBodyInput): Promise<string> {
  const { query, maxBytes } = input;
  let hint = compressionHint(query.compression) ?? compressionHint(input.contentEncoding);
  let payload: Buffer;
  if (query.data) {
    payload = Buffer.from(query.data, 'utf8');
  } else {
    payload = input.body;
    const isForm = (input.contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    if (isForm && !isGzip(payload)) {
      const form = new URLSearchParams(payload.toString('utf8'));
      const data = form.get('data');
      if (data === null) throw requestDecodingError('Form body has no "data" field.');
      // URL decoding turned base64 '+' into spaces; decodeBase64 restores them.
      payload = Buffer.from(data, 'utf8');
      hint = compressionHint(form.get('compression') ?? undefined) ?? hint;
    }
  }
  if (payload.length === 0) throw new CaptureError(400, 'empty_payload', 'The request has no payload.');

  let text: string;
  if (isGzip(payload) || hint === 'gzip') {
    text = (await inflate(payload, maxBytes)).toString('utf8');
  } else if (hint === 'lz64') {
    let decompressed: string | null;
    try {
      decompressed = decompressLz64(payload.toString('utf8').replace(/ /g, '+'), maxBytes);
    } catch (error) {
      if (error instanceof Lz64TooLargeError) throw payloadTooLarge(maxBytes);
      throw error;
    }
    if (!decompressed) throw requestDecodingError('Body is not valid lz-string (base64) data.');
    text = decompressed;
  } else {
    text = payload.toString('utf8');
    if (hint === 'base64' || looksLikeBase64(text)) {
      const decoded = decodeBase64(text);
      text = isGzip(decoded) ? (await inflate(decoded, maxBytes)).toString('utf8') : decoded.toString('utf8');
    }
  }
  if (Buffer.byteLength(text) > maxBytes) throw payloadTooLarge(maxBytes);
  return text;
}
