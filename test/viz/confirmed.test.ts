import { describe, expect, it } from 'vitest';
import { confirmedSpecs } from '../../viz/confirmed.js';
import { createChartContext } from '../../viz/specs.js';
import { syntheticReportInput } from './fixture.js';
import { countBottomAxes, renderScene } from './scene.js';

describe('confirmedSpecs', () => {
  it('adds observed points when the input has them', () => {
    const [national, byRegion] = confirmedSpecs(createChartContext(syntheticReportInput()));
    expect(JSON.stringify(national!.spec)).toContain('"field":"observed"');
    expect(JSON.stringify(byRegion!.spec)).toContain('"field":"observed"');
    expect(national!.spec.description).toContain('observed daily counts');
  });

  it('leaves observed points out without observed rows', () => {
    const [national, byRegion] = confirmedSpecs(createChartContext(syntheticReportInput({ observed: false })));
    expect(JSON.stringify(national!.spec)).not.toContain('"field":"observed"');
    expect(JSON.stringify(byRegion!.spec)).not.toContain('"field":"observed"');
    expect(national!.spec.description).toBe('Simulated new confirmed cases per day.');
  });

  it('shows national observed rows when given', () => {
    const input = syntheticReportInput();
    input.observed!.push({ date: '2020-02-17', region: 'KR', confirmed_new: 4321, confirmed_cum: 4321 });
    const [national] = confirmedSpecs(createChartContext(input));
    const spec = national!.spec as unknown as { datasets: { observed: { observed: number }[] } };
    expect(spec.datasets.observed.map((point) => point.observed)).toEqual([4321]);
  });

  it('ends the regional grid at the last region', async () => {
    // 17 regions in 4 columns leave 3 cells of the last row empty.
    const [, byRegion] = confirmedSpecs(createChartContext(syntheticReportInput({ regionCount: 17, dayCount: 30 })));
    const { items, messages } = await renderScene(byRegion!.spec);
    expect(messages).toEqual([]);
    expect(items.filter((item) => item.mark.role === 'column-footer')).toHaveLength(0);
    expect(countBottomAxes(items)).toBe(17);
  });
});
