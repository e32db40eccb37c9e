import { describe, expect, it } from 'vitest';

import { selectedRegions, tabulateNationalTimeline, tabulateTimeline } from '../../scenarios/timeline.js';

const frame = { startDate: '2020-03-01', dayCount: 5, regionIndex: new Map([['XA-01', 0], ['XA-02', 1]]) };

describe('tabulateTimeline', () => {
  it('takes the initial value before the first step', () => {
    const table = tabulateTimeline([{ from: '2020-03-03', regions: 'all' as const, beds: 4 }], (s) => s.beds, 7, frame);
    expect(Array.from(table)).toEqual([7, 7, 7, 7, 4, 4, 4, 4, 4, 4]);
  });

  it('applies steps by date whatever their list order', () => {
    const steps = [
      { from: '2020-03-04', regions: ['XA-02'], beds: 9 },
      { from: '2020-02-01', regions: 'all' as const, beds: 1 },
    ];
    const table = tabulateTimeline(steps, (s) => s.beds, 0, frame);
    expect(Array.from(table)).toEqual([1, 1, 1, 1, 1, 1, 1, 9, 1, 9]);
  });

  it('lets the later entry win on the same date', () => {
    const steps = [
      { from: '2020-03-02', regions: 'all' as const, beds: 2 },
      { from: '2020-03-02', regions: ['XA-01'], beds: 3 },
    ];
    const table = tabulateTimeline(steps, (s) => s.beds, 0, frame);
    expect(Array.from(table.subarray(2, 4))).toEqual([3, 2]);
  });

  it('lets a region list override "all" on the same date whatever the order', () => {
    const steps = [
      { from: '2020-03-02', regions: ['XA-01'], beds: 3 },
      { from: '2020-03-02', regions: 'all' as const, beds: 2 },
    ];
    const table = tabulateTimeline(steps, (s) => s.beds, 0, frame);
    expect(Array.from(table.subarray(2, 4))).toEqual([3, 2]);
  });

  it('throws for an unknown region', () => {
    expect(() => tabulateTimeline([{ from: '2020-03-02', regions: ['XA-09'] }], () => 1, 0, frame)).toThrow(RangeError);
  });
});

describe('tabulateNationalTimeline', () => {
  it('steps per day', () => {
    const steps = [
      { from: '2020-03-02', testsPerDay: 10 },
      { from: '2020-03-04', testsPerDay: 20 },
    ];
    const table = tabulateNationalTimeline(steps, (s) => s.testsPerDay, Infinity, frame);
    expect(Array.from(table)).toEqual([Infinity, 10, 10, 20, 20]);
  });
});

describe('selectedRegions', () => {
  it('expands "all" to every region', () => {
    expect(selectedRegions('all', frame.regionIndex)).toEqual([0, 1]);
    expect(selectedRegions(['XA-02'], frame.regionIndex)).toEqual([1]);
  });
});
