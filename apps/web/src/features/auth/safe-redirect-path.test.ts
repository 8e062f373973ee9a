import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './safe-redirect-path';

describe('safeRedirectPath', () => {
  it('keeps paths on this site, with their query and hash', () => {
    expect(safeRedirectPath('/settings/project')).toBe('/settings/project');
    expect(safeRedirectPath('/a?b=1#c')).toBe('/a?b=1#c');
  });

  it('falls back to the home page for anything that could leave the site or loop', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'settings',
      'https://evil.example/',
      '//evil.example',
      '/\\evil',
    ]) {
      expect(safeRedirectPath(bad)).toBe('/');
    }
    expect(safeRedirectPath('/login?next=/x')).toBe('/');
    expect(safeRedirectPath('/signup')).toBe('/');
    expect(safeRedirectPath('/\tx')).toBe('/');
  });
});
