import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../viz/index.js';
import { renderSummaryTables } from '../../viz/summary-table.js';
import { COMPARISON_KPIS } from '../../workers/index.js';

const DATES = ['2020-03-01', '2020-03-02', '2020-03-03', '2020-03-04'];
const REGIONS = [{ code: 'KR-27', name: 'Daegu' }];
const NATIONAL = { code: 'KR', name: 'National (KR)' };

function summary(region: string, statistic: string, mean: number, p5: number, p95: number): SummaryRow {
  return { region, statistic, mean, p5, p25: mean, p50: mean, p75: mean, p95 };
}

function render(rows: SummaryRow[], dates = DATES): string {
  return renderSummaryTables({ summary: rows, regions: REGIONS, national: NATIONAL, dates });
}

describe('renderSummaryTables', () => {
  it('formats mean with the 90 % interval', () => {
    const html = render([summary('KR-27', 'deaths_total', 1234.4, 1000, 1500.2)]);
    expect(html).toContain('<span class="mean">1,234</span> <span class="range">(1,000\u20131,500)</span>');
  });

  it('shows a single value when p5 equals p95', () => {
    const html = render([summary('KR-27', 'deaths_total', 75, 75, 75)]);
    expect(html).toContain('<td><span class="mean">75</span></td>');
  });

  it('turns peak day indices into dates', () => {
    const html = render([summary('KR-27', 'icu_peak_day', 1.8, 1, 3)]);
    expect(html).toContain('<span class="mean">3 Mar</span> <span class="range">(2 Mar\u20134 Mar)</span>');
    expect(html).toContain('Peak date (2020)');
  });

  it('writes the year in cells across a new year', () => {
    const html = render([summary('KR-27', 'icu_peak_day', 1, 1, 1)], ['2020-12-31', '2021-01-01']);
    expect(html).toContain('<span class="mean">1 Jan 2021</span>');
    expect(html).not.toContain('Peak date (');
  });

  it('puts the national row last', () => {
    const html = render([summary('KR', 'deaths_total', 9, 9, 9), summary('KR-27', 'deaths_total', 8, 8, 8)]);
    const rows = html.split('\n').filter((line) => line.startsWith('<tr'));
    expect(rows.at(-1)).toContain('class="national"');
    expect(rows.at(-1)).toContain('National (KR)');
    expect(html.indexOf('Daegu')).toBeLessThan(html.indexOf('National (KR)'));
  });

  it('explains national days over capacity', () => {
    const html = render([]);
    const beds = html.slice(html.indexOf('<h3>Beds by tier</h3>'));
    expect(beds).toContain('Nationally, a day counts when any region is over capacity');
    expect(beds).toContain('far below national capacity');
  });

  it('explains the test backlog', () => {
    const html = render([]);
    const totals = html.slice(0, html.indexOf('<h3>Beds by tier</h3>'));
    expect(totals).toContain('a large backlog is not a shortage in itself');
    expect(totals).toContain('testing.shortestWaitDays');
    expect(totals).toContain('The mean wait for a test shows a shortage');
  });

  it('shows n/a for a missing statistic', () => {
    const html = render([]);
    expect(html).toContain('<td>n/a</td>');
  });

  it('escapes region names', () => {
    const html = renderSummaryTables({
      summary: [],
      regions: [{ code: 'X', name: '<img src=x>' }],
      national: NATIONAL,
      dates: DATES,
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x&gt;');
  });
});

/** Returns the heading of the totals column that shows a statistic, or undefined when that table has none. */
function totalsHeadingOf(statistic: string): string | undefined {
  const html = render([summary('KR-27', statistic, 7, 7, 7)]);
  const totals = html.slice(0, html.indexOf('</table>'));
  const headings = [...totals.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((match) => match[1]!);
  const row = totals.split('\n').find((line) => line.includes('Daegu'))!;
  const cells = [...row.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((match) => match[1]!);
  const column = cells.findIndex((cell) => cell.includes('class="mean"'));
  return column < 0 ? undefined : headings[column];
}

describe('totals table headings', () => {
  it('name a quantity as compare.html does', () => {
    let shared = 0;
    for (const kpi of COMPARISON_KPIS) {
      if (kpi.terms.length !== 1) continue;
      const heading = totalsHeadingOf(kpi.terms[0]!.statistic);
      if (heading === undefined) continue;
      shared++;
      expect([kpi.label, `${kpi.label} (${kpi.unit})`], `heading of ${kpi.name}`).toContain(heading);
    }
    // Infections, confirmed cases, deaths, deaths without a bed, test backlog and wait for a test.
    expect(shared).toBe(6);
  });

  it('label backlog and bed deaths', () => {
    expect(totalsHeadingOf('tests_backlog_max')).toBe('Maximum test backlog (persons)');
    expect(totalsHeadingOf('deaths_without_bed_total')).toBe('Deaths without a bed');
  });
});
