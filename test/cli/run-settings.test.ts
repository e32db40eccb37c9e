import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../cli/messages.js';
import { folderName, parsePositiveInteger, parseSeed, resolveRunSettings } from '../../cli/run-settings.js';
import type { Scenario } from '../../scenarios/index.js';

/** Builds a stand-in scenario with only the fields that the settings read. */
function scenarioWith(simulation: { mode: 'deterministic' | 'stochastic'; runs: number; seed: string | number }, name = 'korea-2020') {
  return { name, simulation } as unknown as Scenario;
}

describe('resolveRunSettings', () => {
  it('takes mode, runs and seed from the scenario', () => {
    const settings = resolveRunSettings({}, scenarioWith({ mode: 'stochastic', runs: 100, seed: 1 }));
    expect(settings).toMatchObject({ mode: 'stochastic', runs: 100, seed: 1, outDir: join('out', 'korea-2020') });
    expect(settings.workers).toBe(availableParallelism());
    expect(settings.warnings).toEqual([]);
  });

  it('lets flags override the scenario', () => {
    const flags = { mode: 'stochastic' as const, runs: '8', seed: 'abc', workers: '3', out: 'elsewhere' };
    const settings = resolveRunSettings(flags, scenarioWith({ mode: 'deterministic', runs: 100, seed: 1 }));
    expect(settings).toMatchObject({ mode: 'stochastic', runs: 8, seed: 'abc', workers: 3, outDir: 'elsewhere' });
  });

  it('makes one run in deterministic mode', () => {
    const settings = resolveRunSettings({ mode: 'deterministic' }, scenarioWith({ mode: 'stochastic', runs: 100, seed: 1 }));
    expect(settings.runs).toBe(1);
    expect(settings.warnings).toEqual([]);
  });

  it('warns when --runs is given in deterministic mode', () => {
    const settings = resolveRunSettings(
      { mode: 'deterministic', runs: '5' },
      scenarioWith({ mode: 'stochastic', runs: 100, seed: 1 }),
    );
    expect(settings.runs).toBe(1);
    expect(settings.warnings).toEqual([
      'warning: --runs 5 is ignored: deterministic mode makes exactly one run from central values',
    ]);
  });

  it('rejects --runs above the maximum of simulation.runs', () => {
    const scenario = scenarioWith({ mode: 'stochastic', runs: 100, seed: 1 });
    expect(resolveRunSettings({ runs: '1000000' }, scenario).runs).toBe(1_000_000);
    expect(() => resolveRunSettings({ runs: '99999999999' }, scenario)).toThrow(InputError);
    expect(() => resolveRunSettings({ runs: '1000001' }, scenario)).toThrow(
      '--runs must be a positive integer of at most 1000000 (got 1000001)',
    );
  });

  it('rejects --workers above four per core', () => {
    const scenario = scenarioWith({ mode: 'stochastic', runs: 100, seed: 1 });
    const maximum = 4 * availableParallelism();
    expect(resolveRunSettings({ workers: String(maximum) }, scenario).workers).toBe(maximum);
    expect(() => resolveRunSettings({ workers: String(maximum + 1) }, scenario)).toThrow(
      `--workers must be a positive integer of at most ${maximum}, four per core`,
    );
  });

  it.each(['', '  '])('rejects --out %j', (out) => {
    const scenario = scenarioWith({ mode: 'stochastic', runs: 100, seed: 1 });
    expect(() => resolveRunSettings({ out }, scenario)).toThrow(InputError);
    expect(() => resolveRunSettings({ out }, scenario)).toThrow('--out must name a folder (got an empty path)');
  });

  it('makes a safe folder name', () => {
    const settings = resolveRunSettings({}, scenarioWith({ mode: 'stochastic', runs: 1, seed: 1 }, '../Seoul plan/B'));
    expect(settings.outDir).toBe(join('out', 'Seoul-plan-B'));
  });
});

describe('folderName', () => {
  it('drops a mark whose base character is dropped', () => {
    expect(folderName('Korea 2020 \u2764\ufe0f')).toBe('Korea-2020');
    expect(folderName('\u2764\ufe0f')).toBe('scenario');
    expect(folderName('\u0915\u093f')).toBe('\u0915\u093f');
  });

  it('keeps Hangul, so two Korean names differ', () => {
    expect(folderName('서울 시나리오')).toBe('서울-시나리오');
    expect(folderName('부산 시나리오')).toBe('부산-시나리오');
  });

  it.each([
    ['Cyrillic', 'Москва-2020'],
    ['Han', '東京2020'],
    ['Devanagari with vowel signs', 'नमस्ते'],
    ['Arabic-Indic digits', 'خطة-٢٠٢٠'],
    ['Latin with accents', 'Île-de-France'],
  ])('keeps %s unchanged', (_script, name) => {
    expect(folderName(name)).toBe(name);
  });

  it('gives decomposed and composed names one folder', () => {
    expect(folderName('서울'.normalize('NFD'))).toBe('서울');
    expect(folderName('Ile\u0301')).toBe('Il\u00e9');
  });

  it.each([
    ['../서울/부산', '서울-부산'],
    ['..', 'scenario'],
    ['.', 'scenario'],
    ['.hidden plan', 'hidden-plan'],
    ['a\\b', 'a-b'],
    ['a\u0000b\nc', 'a-b-c'],
    ['-rf plan', 'rf-plan'],
    ['\u202eplan', 'plan'],
    ['C:\\plans', 'C-plans'],
    ['a / b', 'a-b'],
    ['Korea 2020 (fitted)', 'Korea-2020-fitted'],
    ['a-- ', 'a'],
    ['🦠', 'scenario'],
    ['', 'scenario'],
  ])('makes %j safe as %j', (name, expected) => {
    expect(folderName(name)).toBe(expected);
  });

  it('keeps a long name whole', () => {
    // prepareOutput rejects it with a message, since a cut name could give two scenarios one folder.
    const name = '가'.repeat(100);
    expect(folderName(name)).toBe(name);
    expect(Buffer.byteLength(folderName(name))).toBe(300);
  });
});

describe('parsePositiveInteger', () => {
  it('reads decimal digits', () => {
    expect(parsePositiveInteger('--runs', '12')).toBe(12);
  });

  it('rejects a count above the maximum', () => {
    expect(parsePositiveInteger('--runs', '5', 5)).toBe(5);
    expect(() => parsePositiveInteger('--runs', '6', 5)).toThrow(InputError);
    expect(() => parsePositiveInteger('--runs', '6', 5)).toThrow('--runs must be a positive integer of at most 5 (got 6)');
  });

  it('names the maximum for a non-integer', () => {
    expect(() => parsePositiveInteger('--runs', '1e9', 5)).toThrow('--runs must be a positive integer of at most 5 (got 1e9)');
  });

  it.each(['0', '-1', '2.5', 'abc', '', '1e3', '99999999999999999999'])('rejects %j', (text) => {
    expect(() => parsePositiveInteger('--workers', text)).toThrow(InputError);
    expect(() => parsePositiveInteger('--workers', text)).toThrow(`--workers must be a positive integer (got ${text})`);
  });
});

describe('parseSeed', () => {
  it('keeps a non-negative integer as a number', () => {
    expect(parseSeed('42')).toBe(42);
  });

  it('keeps other text as text', () => {
    expect(parseSeed('plan-b')).toBe('plan-b');
    expect(parseSeed('plan b')).toBe('plan b');
    expect(parseSeed('7a')).toBe('7a');
    expect(parseSeed('Infinity')).toBe('Infinity');
  });

  it('keeps zero as a number', () => {
    expect(parseSeed('0')).toBe(0);
  });

  it.each([
    ['-5', 'give 5,'],
    ['05', 'give 5,'],
    ['5.0', 'give 5,'],
    ['+5', 'give 5,'],
    ['1e3', 'give 1000,'],
    [' 5', 'give 5,'],
    ['-0', 'give 0,'],
    ['2.5', 'give an integer from 0 to 9007199254740991,'],
    ['99999999999999999999', 'give an integer from 0 to 9007199254740991,'],
  ])('rejects the number %j in another form', (text, fix) => {
    const call = (): unknown => parseSeed(text);
    expect(call).toThrow(InputError);
    expect(call).toThrow(
      `--seed must be a non-negative integer in plain digits or a text that is not a number (got ${JSON.stringify(text)}); `,
    );
    expect(call).toThrow(`${fix} or a text seed such as trial-a`);
  });

  it('rejects an empty seed', () => {
    expect(() => parseSeed('')).toThrow('--seed must be an integer or a text that is not only white space (got "")');
    expect(() => parseSeed('  ')).toThrow('(got "  ")');
  });
});
