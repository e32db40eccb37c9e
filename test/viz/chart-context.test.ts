import { describe, expect, it } from 'vitest';
import { METRIC_LABELS } from '../../engine/index.js';
import { metricTitle, nationalName } from '../../viz/chart-context.js';

describe('metricTitle', () => {
  it('puts the label over its unit', () => {
    expect(metricTitle('icu_occupied')).toEqual([METRIC_LABELS.icu_occupied.label, '(beds)']);
  });
});

describe('nationalName', () => {
  it('names the national code', () => {
    expect(nationalName('KR')).toBe('National (KR)');
  });
});
