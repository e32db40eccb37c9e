import { describe, expect, it } from 'vitest';
import { METRICS, SUMMARY_STATISTICS } from '../../engine/index.js';
import { BED_TIERS } from '../../viz/tiers.js';

describe('BED_TIERS', () => {
  it('names metrics the engine reports', () => {
    for (const tier of BED_TIERS) {
      for (const metric of [tier.occupied, tier.capacity, tier.waiting]) {
        expect(METRICS as readonly string[], tier.label).toContain(metric);
      }
    }
  });

  it('names statistics the engine summarises', () => {
    for (const tier of BED_TIERS) {
      for (const statistic of [tier.peakOccupied, tier.peakDay, tier.daysOverCapacity]) {
        expect(SUMMARY_STATISTICS as readonly string[], tier.label).toContain(statistic);
      }
    }
  });
});
