import { describe, expect, it } from 'vitest';

import { formatKpiValue } from '../../cli/compare-output.js';
import { CURRENCY_UNIT } from '../../workers/compare.js';

describe('formatKpiValue', () => {
  it('writes money in whole currency units', () => {
    expect(formatKpiValue(14_245_396_123_456.4, CURRENCY_UNIT)).toBe('14245396123456');
    expect(formatKpiValue(-4_272_257_940_001.6, CURRENCY_UNIT)).toBe('-4272257940002');
    expect(formatKpiValue(3.2e21, CURRENCY_UNIT)).toBe('3200000000000000000000');
  });

  it('keeps other units at six significant digits', () => {
    expect(formatKpiValue(36_808.123, 'persons')).toBe('36808.1');
    expect(formatKpiValue(0.123456789, 'fraction')).toBe('0.123457');
  });

  it('leaves a missing value empty', () => {
    expect(formatKpiValue(Number.NaN, CURRENCY_UNIT)).toBe('');
  });
});
