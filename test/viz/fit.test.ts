import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { renderFitPage, type FitPageInput } from '../../viz/index.js';
import { countBottomAxes, renderScene } from './scene.js';

function input(): FitPageInput {
  const dates = ['2020-03-01', '2020-03-02', '2020-03-03'];
  return {
    scenarioName: 'Two <regions>',
    command: 'tttsim calibrate two.json --observed cases.csv',
    createdAt: '2026-01-01T00:00:00.000Z',
    from: dates[0]!,
    to: dates[2]!,
    logLikelihood: -123.456,
    countModel: 'negative binomial',
    intervalMethod: 'profile likelihood, 95 %',
    targetDrop: 1.92,
    reviewReasons: ['the estimate of transmission.scale lies on a bound of its range'],
    evaluations: 321,
    parameters: [
      {
        name: 'transmission.scale',
        label: 'R0, multiplier',
        unit: 'multiplier',
        estimate: 1.23456,
        lower: 1.1,
        upper: 1.4,
        lowerStatus: 'found',
        upperStatus: 'unresolved',
        profile: [
          { value: 1.1, drop: 1.9 },
          { value: 1.23456, drop: 0 },
          { value: 1.3, drop: 0.6 },
          { value: 1.4, drop: 1.2 },
        ],
        rangeLower: 0.25,
        rangeUpper: 4,
        onBound: true,
      },
    ],
    correlation: {
      parameters: ['transmission.scale', 'seeding:XA-01.shiftDays'],
      matrix: [
        [1, -0.4567],
        [-0.4567, 1],
      ],
      failure: null,
    },
    regions: [
      {
        region: 'North',
        quantity: 'confirmed',
        dispersion: 0.1,
        rmsePerDay: 2.5,
        monthEnds: [{ date: '2020-03-31', observed: 100, fitted: 110, relativeError: 0.1 }],
        forecast: [{ date: '2020-04-30', observed: 150, fitted: 120, relativeError: -0.2 }],
      },
    ],
    series: ['North', 'South'].flatMap((region) =>
      dates.flatMap((date, d) => [
        { date, region, quantity: 'confirmed' as const, observed: d, fitted: d + 0.5, residual: -0.5 },
        { date, region, quantity: 'deaths' as const, observed: null, fitted: 0.1, residual: null },
      ]),
    ),
    trace: [
      { evaluations: 2, logLikelihood: -200 },
      { evaluations: 5, logLikelihood: -123.456 },
    ],
  };
}

/** Returns the JSON specs embedded in a page, keyed by chart id. */
function specsOf(html: string): Map<string, TopLevelSpec> {
  const specs = new Map<string, TopLevelSpec>();
  for (const match of html.matchAll(/<script type="application\/json" id="spec-([^"]+)">(.*?)<\/script>/gs)) {
    specs.set(match[1]!, JSON.parse(match[2]!) as TopLevelSpec);
  }
  return specs;
}

describe('renderFitPage', () => {
  it('draws every quantity, the residuals and the trace', () => {
    const specs = specsOf(renderFitPage(input()));
    expect([...specs.keys()]).toEqual(['fit-confirmed', 'fit-deaths', 'residuals', 'profiles', 'trace']);
    for (const [id, spec] of specs) expect(() => compile(spec), id).not.toThrow();
    // A format type other than the built-in ones needs customFormatTypes, without which Vega drops it with a warning.
    for (const [id, spec] of specs) expect(JSON.stringify(spec), id).not.toContain('formatType');
  });

  it('shows the estimates and the review reasons', () => {
    const html = renderFitPage(input());
    expect(html).toContain('<h1>Fit of Two &lt;regions&gt;</h1>');
    expect(html).toContain('<td>1.235 (on a bound)</td><td>1.1 to 1.4 or wider</td><td>0.25 to 4</td>');
    expect(html).toContain('needs review: the estimate of transmission.scale lies on a bound of its range');
    expect(html).toContain('<td>110 <span class="range">(100, 10.0 %)</span></td>');
    expect(html).toContain('Forecast 2020-04-30, out of sample');
    expect(html).toContain('<td>120 <span class="range">(150, -20.0 %)</span></td>');
  });

  it('marks intervals that were not computed', () => {
    const base = input();
    const parameters = base.parameters.map((parameter) => ({
      ...parameter,
      lower: null,
      upper: null,
      lowerStatus: null,
      upperStatus: null,
      profile: [],
    }));
    const html = renderFitPage({ ...base, intervalMethod: null, targetDrop: null, parameters });
    expect(html).toContain('<td>1.235 (on a bound)</td><td>not computed</td>');
    expect(html).toContain('No intervals were computed.');
    expect(html).not.toContain('Or wider');
    expect(specsOf(html).has('profiles')).toBe(false);
  });

  it('draws each profile with its target drop', () => {
    const profiles = specsOf(renderFitPage(input())).get('profiles') as unknown as {
      data: { values: { parameter: string; value: number; drop: number }[] };
      spec: { layer: { encoding: { y: { datum?: number } } }[] };
    };
    expect(profiles.data.values.map((row) => row.value)).toEqual([1.1, 1.23456, 1.3, 1.4]);
    expect(profiles.data.values.every((row) => row.parameter === 'transmission.scale')).toBe(true);
    expect(profiles.spec.layer[0]!.encoding.y.datum).toBe(1.92);
  });

  it('names the status of interval ends', () => {
    const base = input();
    const parameters = base.parameters.map((parameter) => ({ ...parameter, lowerStatus: 'rangeBound', upperStatus: 'betterOptimum' }));
    const html = renderFitPage({ ...base, parameters });
    expect(html).toContain('<td>1.1 (end of the range) to 1.4 (a better optimum)</td>');
  });

  it('shows the correlation matrix', () => {
    const html = renderFitPage(input());
    expect(html).toContain('<h3>Correlation of the estimates</h3>');
    expect(html).toContain('<tr><th scope="row">seeding:XA-01.shiftDays</th><td>-0.46</td><td>1.00</td></tr>');
  });

  it('says why there is no correlation matrix', () => {
    const failure = 'the log-likelihood does not curve down along every direction at the estimate';
    const html = renderFitPage({ ...input(), correlation: { parameters: [], matrix: null, failure } });
    expect(html).toContain(`<p>No correlation matrix: ${failure}.</p>`);
    expect(renderFitPage({ ...input(), correlation: null })).not.toContain('Correlation of the estimates');
  });

  it('leaves out residuals without an observation', () => {
    const specs = specsOf(renderFitPage(input()));
    const residuals = specs.get('residuals') as { data: { values: unknown[] } };
    expect(residuals.data.values).toHaveLength(6);
  });

  it('ends the region grids at the last region', async () => {
    // Five regions in 4 columns leave 3 cells of the second row empty.
    const regions = ['North', 'South', 'East', 'West', 'Centre'];
    const base = input();
    const series = regions.flatMap((region) =>
      base.series.filter((row) => row.region === 'North').map((row) => ({ ...row, region })),
    );
    const specs = specsOf(renderFitPage({ ...base, series }));
    for (const id of ['fit-confirmed', 'residuals']) {
      const { items, messages } = await renderScene(specs.get(id)!);
      expect(messages, id).toEqual([]);
      expect(items.filter((item) => item.mark.role === 'column-footer'), id).toHaveLength(0);
      expect(countBottomAxes(items), id).toBe(regions.length);
    }
  });
});
