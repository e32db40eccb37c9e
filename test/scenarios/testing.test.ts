import { describe, expect, it } from 'vitest';

import { seekPerDayFromShare, siteRampFraction } from '../../scenarios/testing.js';

describe('siteRampFraction', () => {
  it('is 0 before opening and 1 after the ramp', () => {
    expect(siteRampFraction(4, 5, 3)).toBe(0);
    expect(siteRampFraction(8, 5, 3)).toBe(1);
    expect(siteRampFraction(5, 5, 0)).toBe(1);
  });

  it('gives the mean of the ramp over each day', () => {
    expect([0, 1, 2].map((d) => siteRampFraction(d, 0, 3))).toEqual([1 / 6, 0.5, 5 / 6]);
  });

  it('handles a ramp that ends inside a day', () => {
    // Ramp of 1.5 days, day 1 covers t in [1, 2]: rising part (1.5^2 - 1) / 3 plus 0.5 at full.
    expect(siteRampFraction(1, 0, 1.5)).toBeCloseTo((2.25 - 1) / 3 + 0.5, 14);
  });

  it('adds up to the area under the ramp', () => {
    let total = 0;
    for (let d = 0; d < 20; d++) total += siteRampFraction(d, 0, 4.3);
    // Area of min(1, t / 4.3) over 20 days is 20 - 4.3 / 2.
    expect(total).toBeCloseTo(20 - 4.3 / 2, 12);
  });
});

describe('seekPerDayFromShare', () => {
  it('gives the rate whose race with recovery has the share', () => {
    const rate = seekPerDayFromShare(0.6, 5);
    expect(rate / (rate + 1 / 5)).toBeCloseTo(0.6, 14);
    expect(seekPerDayFromShare(0, 5)).toBe(0);
  });
});
