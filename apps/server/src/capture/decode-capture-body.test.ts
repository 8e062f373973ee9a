import zlib from 'node:zlib';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { decodeCaptureBody } from './decode-capture-body';

const json = '{"api_key":"phc_x","batch":[{"event":"e","distinct_id":"d"}]}';
const base = { query: {}, contentType: undefined, contentEncoding: undefined, maxBytes: 1_000_000 };

describe('decodeCaptureBody', () => {
  it('reads plain JSON', async () => {
    expect(await decodeCaptureBody({ ...base, body: Buffer.from(json) })).toBe(json);
  });

  it('detects gzip from the first bytes even when sent as text/plain without a hint', async () => {
    const body = zlib.gzipSync(json);
    expect(await decodeCaptureBody({ ...base, body, contentType: 'text/plain' })).toBe(json);
  });

  it('honours Content-Encoding and compression=gzip-js', async () => {
    const body = zlib.gzipSync(json);
    expect(await decodeCaptureBody({ ...base, body, contentEncoding: 'gzip' })).toBe(json);
    expect(await decodeCaptureBody({ ...base, body, query: { compression: 'gzip-js' } })).toBe(json);
  });

  it('reads form bodies with base64 data, restoring "+" that URL decoding turned into spaces', async () => {
    const b64 = Buffer.from(`${json}~~>>`).toString('base64');
    expect(b64).toContain('+');
    const body = Buffer.from(`data=${b64.replace(/\+/g, '%20')}&compression=base64`);
    const text = await decodeCaptureBody({ ...base, body, contentType: 'application/x-www-form-urlencoded' });
    expect(text).toBe(`${json}~~>>`);
  });

  it('reads lz64 form bodies', async () => {
    const body = Buffer.from(`data=${encodeURIComponent(LZString.compressToBase64(json))}&compression=lz64`);
    expect(await decodeCaptureBody({ ...base, body, contentType: 'application/x-www-form-urlencoded' })).toBe(
      json,
    );
  });

  it('refuses an lz64 body that would decompress past the limit (a small body can expand hugely)', async () => {
    const bomb = LZString.compressToBase64(`[${'{"event":"x"},'.repeat(100_000)}{}]`);
    expect(bomb.length).toBeLessThan(50_000);
    const body = Buffer.from(`data=${encodeURIComponent(bomb)}&compression=lz64`);
    await expect(
      decodeCaptureBody({ ...base, body, contentType: 'application/x-www-form-urlencoded' }),
    ).rejects.toMatchObject({ statusCode: 413, code: 'payload_too_large' });
  });

  it('reads the data query parameter of GET requests', async () => {
    const data = Buffer.from(json).toString('base64');
    expect(await decodeCaptureBody({ ...base, body: Buffer.alloc(0), query: { data } })).toBe(json);
  });

  it('refuses empty payloads, broken gzip and payloads over the limit', async () => {
    await expect(decodeCaptureBody({ ...base, body: Buffer.alloc(0) })).rejects.toMatchObject({
      statusCode: 400,
      code: 'empty_payload',
    });
    await expect(
      decodeCaptureBody({ ...base, body: Buffer.from([0x1f, 0x8b, 1, 2, 3]) }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'request_decoding_error' });
    const bomb = zlib.gzipSync(Buffer.alloc(5_000_000, 32));
    await expect(decodeCaptureBody({ ...base, body: bomb })).rejects.toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
    });
  });
});
