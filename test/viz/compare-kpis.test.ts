import { describe, expect, it } from 'vitest';
import { renderComparison } from '../../viz/index.js';
import { syntheticComparison } from './compare-fixture.js';

/** Returns the KPI section of a comparison page. */
function kpiSection(html: string): string {
  return html.split('<section id="kpis">')[1]!.split('</section>')[0]!;
}

describe('comparison KPI section', () => {
  const section = kpiSection(renderComparison(syntheticComparison(1, 'deterministic')));

  it('explains national days over capacity', () => {
    expect(section).toContain('Nationally, a day counts when any region is over capacity');
    expect(section).toContain('far below national capacity');
  });

  it('explains the test backlog', () => {
    expect(section).toContain('a large backlog is not a shortage in itself');
    expect(section).toContain('testing.shortestWaitDays');
    expect(section).toContain('The mean wait for a test shows a shortage');
  });
});
