import { describe, expect, it } from 'vitest';
import { raterLetter, rosterFingerprint, rosterStartsWith } from './roster';

const person = (userId: string) => ({ userId, name: `Dr ${userId}` });

describe('roster fingerprint', () => {
  const shown = [person('u1'), person('u2'), person('u3')];
  const print = rosterFingerprint('opt1', shown);

  it('is 64 hex characters, depends on the option and the order, and names nobody', () => {
    expect(print).toMatch(/^[0-9a-f]{64}$/);
    expect(rosterFingerprint('opt2', shown)).not.toBe(print);
    expect(rosterFingerprint('opt1', [person('u2'), person('u1'), person('u3')])).not.toBe(print);
    expect(print).not.toContain('u1');
  });

  it('accepts the same roster and one with people added at the end, refuses any shift', () => {
    expect(rosterStartsWith('opt1', shown, print)).toBe(true);
    expect(rosterStartsWith('opt1', [...shown, person('u4')], print)).toBe(true);
    expect(rosterStartsWith('opt1', [person('u3'), person('u1'), person('u2')], print)).toBe(false);
    expect(rosterStartsWith('opt1', [person('u1'), person('u2')], print)).toBe(false);
    expect(rosterStartsWith('opt1', [person('u0'), ...shown], print)).toBe(false);
    expect(rosterStartsWith('opt2', shown, print)).toBe(false);
  });

  it('letters: A for the first place, numbers past Z', () => {
    expect([raterLetter(0), raterLetter(2), raterLetter(26)]).toEqual(['Rater A', 'Rater C', 'Rater 27']);
  });
});
