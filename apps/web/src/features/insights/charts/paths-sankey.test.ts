import { describe, expect, it } from 'vitest';
import { pathItem, shortPathItem } from './paths-sankey';

describe('path items', () => {
  it('strips the step prefix, and shows URLs by their path', () => {
    expect(pathItem('2_/pricing')).toBe('/pricing');
    expect(pathItem('10_signup')).toBe('signup');
    expect(shortPathItem('1_https://shop.example')).toBe('/');
    expect(shortPathItem('3_https://shop.example/checkout?step=2')).toBe('/checkout?step=2');
    expect(shortPathItem('1_purchase')).toBe('purchase');
  });
});
