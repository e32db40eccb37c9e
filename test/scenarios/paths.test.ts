import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { DEFAULT_SCENARIO_PATH } from '../../scenarios/index.js';
import { scenariosFolderOf } from '../../scenarios/paths.js';

describe('DEFAULT_SCENARIO_PATH', () => {
  it('is an absolute path to korea-2020.json that exists', () => {
    expect(isAbsolute(DEFAULT_SCENARIO_PATH)).toBe(true);
    expect(DEFAULT_SCENARIO_PATH.endsWith('/scenarios/korea-2020.json')).toBe(true);
    expect(existsSync(DEFAULT_SCENARIO_PATH)).toBe(true);
  });
});

describe('scenariosFolderOf', () => {
  it('resolves from source and from dist to the same folder', () => {
    const fromSource = scenariosFolderOf(pathToFileURL('/pkg/scenarios/paths.ts').href);
    const fromDist = scenariosFolderOf(pathToFileURL('/pkg/dist/scenarios/paths.js').href);
    expect(fromSource).toBe('/pkg/scenarios');
    expect(fromDist).toBe('/pkg/scenarios');
  });
});
