import { describe, expect, it } from 'vitest';
import { formatCoefficient, formatInterval, formatSigned } from '@/lib/format';

describe('format', () => {
  it('shows undefined figures as an en dash, never NaN', () => {
    expect(formatCoefficient(null)).toBe('–');
    expect(formatInterval(null)).toBe('–');
    expect(formatSigned(undefined, 2)).toBe('–');
  });

  it('rounds coefficients and intervals and signs differences', () => {
    expect(formatCoefficient(0.81538)).toBe('0.815');
    expect(formatInterval({ lower: -0.0123, upper: 0.5 }, 2)).toBe('-0.01 to 0.50');
    expect(formatSigned(-0.0456, 3)).toBe('−0.046');
    expect(formatSigned(0, 2)).toBe('+0.00');
  });
});
