import { defaultLocale } from 'vega';
import { describe, expect, it } from 'vitest';
import { bandLayer, capacityLayer, dateX, observedLayer, SHORT_HORIZON_DAYS } from '../../viz/bands.js';

const COLORS = { domain: ['Occupied', 'Capacity'], range: ['#111111', '#222222'], dashedSeries: ['Capacity'] };
/** A horizon long enough that charts draw lines alone. */
const LONG = 30;

/** Lists the marks of the children of a layer. */
function marks(layer: ReturnType<typeof bandLayer>): unknown[] {
  if (!('layer' in layer)) return [];
  return layer.layer.map((child) => ('mark' in child ? child.mark : undefined));
}

describe('bandLayer', () => {
  it('draws bands, median and hover points', () => {
    const layer = bandLayer({ yTitle: 'Beds', colors: COLORS, dayCount: LONG });
    expect(marks(layer)).toEqual([
      { type: 'area', opacity: 0.18 },
      { type: 'area', opacity: 0.32 },
      { type: 'line', strokeWidth: 1.75 },
      { type: 'point', opacity: 0, size: 40 },
    ]);
    const json = JSON.stringify(layer);
    expect(json).toContain('"y":{"type":"quantitative","title":"Beds","field":"p5"},"y2":{"field":"p95"}');
    expect(json).toContain('"y":{"type":"quantitative","title":"Beds","field":"p25"},"y2":{"field":"p75"}');
  });

  it('writes tooltip values without exponents', () => {
    const json = JSON.stringify(bandLayer({ yTitle: 'Tests', colors: COLORS, dayCount: LONG }));
    const formats = [...json.matchAll(/"title":"(?:Median|5th percentile|95th percentile)","format":"([^"]+)"/g)].map((m) => m[1]!);
    expect(formats).toHaveLength(3);
    for (const specifier of formats) {
      const write = defaultLocale().format(specifier);
      expect(write(20000)).toBe('20,000');
      expect(write(123456)).toBe('123,500');
      expect(write(0.5)).toBe('0.5');
      expect(write(0.000123456)).toBe('0.0001235');
    }
  });

  it('draws the median alone without bands', () => {
    const layer = bandLayer({ yTitle: null, colors: COLORS, dayCount: LONG, bands: 'none' });
    expect(marks(layer)).toEqual([
      { type: 'line', strokeWidth: 1.75 },
      { type: 'point', opacity: 0, size: 40 },
    ]);
  });

  it('filters rows once for all marks', () => {
    const layer = bandLayer({ yTitle: 'Beds', colors: COLORS, dayCount: LONG, filter: "datum.series === 'Occupied'" });
    expect('transform' in layer ? layer.transform : undefined).toEqual([{ filter: "datum.series === 'Occupied'" }]);
    expect(JSON.stringify(layer).match(/"filter"/g)).toHaveLength(1);
  });

  it('shows the dashed series dashed in the legend', () => {
    const json = JSON.stringify(bandLayer({ yTitle: 'Beds', colors: COLORS, dayCount: LONG }));
    expect(json).toContain('indexof([\\"Capacity\\"], datum.value) >= 0 ? [5,3] : []');
  });

  it('leaves out the legend of a single series', () => {
    const layer = bandLayer({ yTitle: 'Deaths', colors: { domain: ['Deaths'], range: ['#111111'] }, dayCount: LONG });
    expect(JSON.stringify(layer)).toContain('"legend":null');
  });

  it('shows median points on a short horizon', () => {
    const layer = bandLayer({ yTitle: 'Beds', colors: COLORS, dayCount: 1 });
    expect(marks(layer)).toContainEqual({ type: 'point', filled: true, opacity: 1, size: 40 });
    expect(marks(layer)).not.toContainEqual({ type: 'point', opacity: 0, size: 40 });
  });

  it('draws bands as bars on one date', () => {
    const layer = bandLayer({ yTitle: 'Beds', colors: COLORS, dayCount: 1 });
    expect(marks(layer).slice(0, 2)).toEqual([
      { type: 'rule', strokeWidth: 8, opacity: 0.18 },
      { type: 'rule', strokeWidth: 8, opacity: 0.32 },
    ]);
  });

  it('reads dates on a UTC scale', () => {
    expect(JSON.stringify(bandLayer({ yTitle: 'Beds', colors: COLORS, dayCount: LONG }))).toContain('"scale":{"type":"utc"}');
  });
});

describe('observedLayer', () => {
  it('draws observed counts as points of the given size', () => {
    const layer = observedLayer(COLORS, 9, LONG);
    expect('mark' in layer ? layer.mark : undefined).toEqual({ type: 'point', filled: true, size: 9, opacity: 0.8 });
    expect(JSON.stringify(layer)).toContain('"y":{"field":"observed","type":"quantitative"}');
  });
});

describe('capacityLayer', () => {
  it('marks each day on a short horizon', () => {
    const layer = capacityLayer(COLORS, SHORT_HORIZON_DAYS);
    expect('mark' in layer ? layer.mark : undefined).toMatchObject({ type: 'line', point: { filled: true } });
  });

  it('draws the median capacity as a dashed step line', () => {
    const layer = capacityLayer(COLORS, LONG, "datum.series === 'Capacity'");
    expect('mark' in layer ? layer.mark : undefined).toEqual({
      type: 'line',
      interpolate: 'step-after',
      strokeWidth: 1.5,
      strokeDash: [5, 3],
    });
    expect(JSON.stringify(layer)).toContain('"y":{"field":"p50","type":"quantitative"}');
  });
});

describe('dateX', () => {
  it('ticks each day of a short horizon', () => {
    expect(dateX(SHORT_HORIZON_DAYS).axis).toMatchObject({ tickCount: { interval: 'day', step: 1 } });
  });

  it('leaves ticks to vega on a long horizon', () => {
    expect(dateX(SHORT_HORIZON_DAYS + 1).axis).not.toHaveProperty('tickCount');
  });
});

describe('the series legend', () => {
  /** Returns the legend of a band layer's colour encoding. */
  function legendOf(domain: string[]): { columns: number; labelLimit: number } {
    const layer = bandLayer({ yTitle: null, dayCount: LONG, colors: { domain, range: domain.map(() => '#111111') } });
    return JSON.parse(JSON.stringify(layer)).encoding.color.legend;
  }

  it('puts short labels side by side', () => {
    expect(legendOf(['Base', 'Plan']).columns).toBeGreaterThan(1);
  });

  it('stacks labels too long to share a row', () => {
    const long = 'Korea 2020 without residential treatment centres (korea-2020-no-rtc.json, plan 1)';
    const legend = legendOf([long, `${long}, again`, 'Base']);
    expect(legend.columns).toBe(1);
    expect(legend.labelLimit).toBeGreaterThan(7 * long.length);
  });
});
