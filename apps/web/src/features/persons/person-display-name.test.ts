import { describe, expect, it } from 'vitest';
import { personDisplayName } from './person-display-name';

describe('personDisplayName', () => {
  it('prefers email, then name, then the first distinct id', () => {
    expect(personDisplayName({ properties: { email: 'a@b.c', name: 'Ada' }, distinct_ids: ['x'] })).toBe(
      'a@b.c',
    );
    expect(personDisplayName({ properties: { name: 'Ada' }, distinct_ids: ['x'] })).toBe('Ada');
    expect(personDisplayName({ properties: { email: ' ' }, distinct_ids: ['x'] })).toBe('x');
    expect(personDisplayName({})).toBe('Anonymous person');
  });
});
