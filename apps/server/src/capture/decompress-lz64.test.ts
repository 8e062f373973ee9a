import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { decompressLz64, Lz64TooLargeError } from './decompress-lz64';

/** A seeded generator, so a failing case can be reproduced. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('decompressLz64', () => {
  it('decodes what lz-string encodes, for JSON, unicode and random text', () => {
    const random = rng(7);
    const samples = [
      '',
      'a',
      JSON.stringify([{ event: '$pageview', properties: { $current_url: 'https://example.com/ü', n: 1 } }]),
      '😀 emoji, 中文, \u0000 nul and lone \ud800 surrogate',
      'ab'.repeat(5000),
    ];
    for (let i = 0; i < 200; i++) {
      const len = Math.floor(random() * 400);
      let s = '';
      for (let j = 0; j < len; j++)
        s += String.fromCharCode(
          random() < 0.8 ? 32 + Math.floor(random() * 90) : Math.floor(random() * 0xffff),
        );
      samples.push(s);
    }
    for (const s of samples) expect(decompressLz64(LZString.compressToBase64(s), 1e7)).toBe(s);
  });

  it('refuses output past the limit while decompressing', () => {
    const bomb = LZString.compressToBase64('x'.repeat(300_000));
    expect(bomb.length).toBeLessThan(5_000);
    expect(() => decompressLz64(bomb, 100_000)).toThrow(Lz64TooLargeError);
    expect(decompressLz64(bomb, 300_000)).toHaveLength(300_000);
  });

  it('answers null for data that is not lz-string, as the library does', () => {
    for (const junk of ['!!!!', 'not lz at all', '////////////']) {
      expect(decompressLz64(junk, 1e6) || null).toBe(LZString.decompressFromBase64(junk) || null);
    }
  });
});
