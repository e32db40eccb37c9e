import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS, METRIC_LABELS, type MetricName } from '../../engine/index.js';

/**
 * Reads the README's table of the metrics of series.csv into metric name and unit. A row may name
 * several metrics (`a`, `b`) or a numbered range (`income_q1` to `income_q5`).
 */
function readmeMetricUnits(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('| metric | unit | what it is |');
  expect(start, 'the README has no table of metrics').toBeGreaterThan(0);
  const units = new Map<string, string>();
  for (const line of readme.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [names, unit] = line.split('|').slice(1, 3).map((cell) => cell.trim());
    const range = /^`(\w+?)(\d+)` to `\w+?(\d+)`$/.exec(names!);
    const listed = range
      ? Array.from({ length: Number(range[3]) - Number(range[2]) + 1 }, (_, i) => `${range[1]}${Number(range[2]) + i}`)
      : names!.split(',').map((name) => name.trim().replaceAll('`', ''));
    for (const name of listed) units.set(name, unit!);
  }
  return units;
}

describe('README metric table', () => {
  const units = readmeMetricUnits();

  it('lists every metric of series.csv', () => {
    expect([...units.keys()].sort()).toEqual([...METRICS].sort());
  });

  it('gives each metric its unit', () => {
    for (const metric of METRICS) expect(units.get(metric), metric).toBe(METRIC_LABELS[metric as MetricName].unit);
  });
});
