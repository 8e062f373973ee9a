import { describe, expect, it } from 'vitest';
import { isUuid, uuidv5, uuidv7 } from './uuid';

describe('uuids', () => {
  it('makes version 7 uuids that sort by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(isUuid(a)).toBe(true);
    expect(a[14]).toBe('7');
    expect(a < b).toBe(true);
  });

  it('makes deterministic version 5 uuids (RFC 9562 test vector for the DNS namespace)', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(uuidv5('1:user-1')).toBe(uuidv5('1:user-1'));
    expect(uuidv5('1:user-1')).not.toBe(uuidv5('2:user-1'));
  });
});
