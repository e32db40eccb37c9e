import { describe, expect, it } from 'vitest';

import { fittedName } from '../../../cli/calibrate/command.js';

describe('fittedName', () => {
  it('adds the suffix once', () => {
    expect(fittedName('Korea 2020, first wave')).toBe('Korea 2020, first wave (fitted)');
  });

  it('keeps a name that ends with it', () => {
    expect(fittedName('Korea 2020, first wave (fitted)')).toBe('Korea 2020, first wave (fitted)');
  });

  it('adds it after a suffix elsewhere', () => {
    expect(fittedName('(fitted) base')).toBe('(fitted) base (fitted)');
  });
});
