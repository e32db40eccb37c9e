import { describe, expect, test } from 'vitest';

import { METRIC_INDEX, createRunRandom, seriesOffset, simulate } from '../../engine/index.js';
import { DEFAULT_SCENARIO_PATH, calendarOf, compileScenario, loadScenarioFile } from '../../scenarios/index.js';

const loaded = await loadScenarioFile(DEFAULT_SCENARIO_PATH);
if (!loaded.ok) throw new Error(`default scenario is invalid: ${JSON.stringify(loaded.problems)}`);
const scenario = loaded.scenario;

/**
 * The 2020 Emergency Disaster Relief Fund (Korea Bizwire, 2020-05-20): a budget of 14.245 trillion KRW
 * including the local-government share, and 79.6 % of the 21.71 million households paid by 2020-05-19.
 */
const OBSERVED_TOTAL_KRW = 14.245e12;
const TOTAL_TOLERANCE_FRACTION = 0.02;
const PAID_DATE = '2020-05-19';
const OBSERVED_PAID_SHARE = 0.796;
const PAID_SHARE_TOLERANCE = 0.05;

describe('korea-2020 scenario, relief fund', () => {
  const model = compileScenario(scenario, { sampling: 'central' });
  const { series } = simulate(model, 'deterministic', createRunRandom(scenario.simulation.seed, 0));
  const dates = calendarOf(scenario).dates;
  const national = (name: keyof typeof METRIC_INDEX, date: string): number =>
    series[seriesOffset(METRIC_INDEX[name], model.regionCount, model.regionCount, model.dayCount) + dates.indexOf(date)]!;

  test('covers the spending deadline', () => {
    expect(dates.at(-1)).toBe('2020-08-31');
  });

  test('pays the observed total', () => {
    const paid = national('relief_paid_cum', '2020-08-31');
    expect(Math.abs(paid / OBSERVED_TOTAL_KRW - 1), `${paid} KRW paid`).toBeLessThan(TOTAL_TOLERANCE_FRACTION);
  });

  test('pays the observed share of households by 2020-05-19', () => {
    const share = national('households_paid_share', PAID_DATE);
    expect(Math.abs(share - OBSERVED_PAID_SHARE), `${share} paid`).toBeLessThan(PAID_SHARE_TOLERANCE);
  });

  test('pays nothing before the cash payments of 2020-05-04', () => {
    expect(national('relief_paid_cum', '2020-05-03')).toBe(0);
    expect(national('relief_paid_cum', '2020-05-04')).toBeGreaterThan(0);
  });

  test('narrows the income gap while the fund is paid', () => {
    expect(national('income_quintile_ratio', '2020-05-31')).toBeLessThan(national('income_quintile_ratio_no_relief', '2020-05-31'));
  });
});
