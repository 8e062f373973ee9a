const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
const BASE64_VALUE = new Map([...BASE64_ALPHABET].map((c, i) => [c, i]));

/** The decompressed text would pass `maxChars`: the body is refused before it is built. */
export class Lz64TooLargeError extends Error {
  override readonly name = 'Lz64TooLargeError';
}

/**
 * lz-string's `decompressFromBase64` (the `lz64` encoding of older posthog-js), with a limit on the
 * output. LZ-string is an LZW variant, so a small body can expand quadratically: decompressing with
 * the library first and measuring afterwards would let a 2 MB request allocate gigabytes. Returns null
 * for data that is not lz-string, as the library does.
 */
export function decompressLz64(input: string, maxChars: number): string | null {
  if (input === '') return '';
  const length = input.length;
  const valueAt = (i: number) => BASE64_VALUE.get(input.charAt(i)) ?? 0;
  // Bits are read from 6-bit base64 digits, most significant first.
  const RESET = 32;
  let val = valueAt(0);
  let position = RESET;
  let index = 1;
  const readBits = (n: number): number => {
    let bits = 0;
    for (let power = 1; power !== 1 << n; power <<= 1) {
      const bit = val & position;
      position >>= 1;
      if (position === 0) {
        position = RESET;
        val = valueAt(index++);
      }
      if (bit > 0) bits |= power;
    }
    return bits;
  };

  const dictionary: string[] = ['', '', ''];
  let enlargeIn = 4;
  let numBits = 3;
  let total = 0;
  const result: string[] = [];
  const emit = (s: string) => {
    total += s.length;
    if (total > maxChars)
      throw new Lz64TooLargeError(`lz64 data decompresses to more than ${maxChars} characters`);
    result.push(s);
  };

  let first: string;
  switch (readBits(2)) {
    case 0:
      first = String.fromCharCode(readBits(8));
      break;
    case 1:
      first = String.fromCharCode(readBits(16));
      break;
    case 2:
      return '';
    default:
      return null;
  }
  dictionary[3] = first;
  let w = first;
  emit(first);
  for (;;) {
    if (index > length) return '';
    let c = readBits(numBits);
    if (c === 0 || c === 1) {
      dictionary.push(String.fromCharCode(readBits(c === 0 ? 8 : 16)));
      c = dictionary.length - 1;
      enlargeIn--;
    } else if (c === 2) {
      return result.join('');
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    const known = dictionary[c];
    if (known !== undefined && c < dictionary.length) entry = known;
    else if (c === dictionary.length) entry = w + w.charAt(0);
    else return null;
    emit(entry);
    dictionary.push(w + entry.charAt(0));
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
