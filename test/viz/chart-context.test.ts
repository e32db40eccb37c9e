import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { METRIC_LABELS } from '../../engine/index.js';
import { DATE_X, dateX } from '../../viz/bands.js';
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

/**
 * Renders a line from `first` to `last` on the report's date axis, and returns the date tick labels in axis order.
 * The chart has no y axis and no title, so every text of its SVG is a date tick label.
 */
async function dateLabels(first: string, last: string, x: object = DATE_X): Promise<string[]> {
  const spec: TopLevelSpec = {
    width: 760,
    height: 100,
    data: { values: [{ date: first, value: 0 }, { date: last, value: 1 }] },
    mark: 'line',
    encoding: { x, y: { field: 'value', type: 'quantitative', axis: null } },
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? '');
  } finally {
    view.finalize();
  }
}

describe('DATE_LABEL', () => {
  it('shows the year on the first tick', async () => {
    const labels = await dateLabels('2020-01-20', '2020-08-31');
    expect(labels.length).toBeGreaterThan(2);
    expect(labels[0]).toMatch(/^[A-Z][a-z]{2} \d{1,2} 2020$/);
    for (const label of labels.slice(1)) expect(label).not.toContain('2020');
  });

  it('shows the year in early January', async () => {
    const labels = await dateLabels('2020-10-01', '2021-06-30');
    expect(labels[0]).toBe('Oct 4 2020');
    expect(labels).toContain('Jan 3 2021');
    expect(labels.filter((label) => / \d{4}$/.test(label))).toEqual(['Oct 4 2020', 'Jan 3 2021']);
  });

  it('names the year on every tick of a long horizon', async () => {
    // 2020-01-20 to 2021-06-30: ticks fall months apart, none in the first week of January.
    const labels = await dateLabels('2020-01-20', '2021-06-30', dateX(528));
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z]{2} 20(20|21)$/);
    expect(labels.some((label) => label.endsWith('2021'))).toBe(true);
  });
});
