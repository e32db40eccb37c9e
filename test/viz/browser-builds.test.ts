import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBrowserBuilds } from '../../viz/browser-builds.js';

describe('readBrowserBuilds', () => {
  it('reads vega, vega-lite and vega-embed in load order', () => {
    const builds = readBrowserBuilds();
    expect(builds.map((build) => build.packageName)).toEqual(['vega', 'vega-lite', 'vega-embed']);
    for (const build of builds) expect(build.source.length, build.packageName).toBeGreaterThan(10_000);
  });

  it('strips source map comments', () => {
    for (const build of readBrowserBuilds()) expect(build.source, build.packageName).not.toContain('sourceMappingURL');
  });

  it('leaves nothing that ends a script element', () => {
    for (const build of readBrowserBuilds()) expect(build.source.toLowerCase()).not.toContain('</script');
  });

  it('names the missing file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'tttsim-no-modules-'));
    expect(() => readBrowserBuilds([empty])).toThrow(
      `report page: the browser build vega/build/vega.min.js was not found (searched ${empty})`,
    );
  });
});
