import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  DEFAULT_SCENARIO_PATH,
  compileScenario,
  loadScenarioFile,
  parseScenarioText,
  type Problem,
  type Scenario,
} from '../../scenarios/index.js';
import { epochDayOf } from '../../scenarios/calendar.js';
import { MAX_EXTENDS_DEPTH } from '../../scenarios/extends.js';
import { shippedScenarioPath } from '../../scenarios/paths.js';
import { shippedDocument } from './fixtures.js';

const KOREA = DEFAULT_SCENARIO_PATH;
const SINGLE_REGION = shippedScenarioPath('test-single-region.json');
const PLANS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

type Loaded = Extract<Awaited<ReturnType<typeof loadScenarioFile>>, { ok: true }>;

/** Writes a JSON file into a folder, creating subfolders, and returns its path. */
function writeJson(folder: string, name: string, value: unknown): string {
  const path = join(folder, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

function freshFolder(): string {
  return mkdtempSync(join(tmpdir(), 'tttsim-extends-'));
}

/** Writes a plan into a fresh folder and loads it. */
async function loadPlan(plan: unknown): Promise<Awaited<ReturnType<typeof loadScenarioFile>>> {
  return loadScenarioFile(writeJson(freshFolder(), 'plan.json', plan));
}

async function loadedOrThrow(result: Promise<Awaited<ReturnType<typeof loadScenarioFile>>>): Promise<Loaded> {
  const loaded = await result;
  if (!loaded.ok) throw new Error(`expected a valid scenario, got:\n${JSON.stringify(loaded.problems, null, 2)}`);
  return loaded;
}

async function problemsOf(result: Promise<Awaited<ReturnType<typeof loadScenarioFile>>>): Promise<Problem[]> {
  const loaded = await result;
  if (loaded.ok) throw new Error('expected problems, got a valid scenario');
  return loaded.problems;
}

const korea = await loadedOrThrow(loadScenarioFile(KOREA));
const singleRegion = await loadedOrThrow(loadScenarioFile(SINGLE_REGION));
const baseSites = korea.scenario.testing.sites;
// The shipped plans extend the fitted scenario.
const fitted = await loadedOrThrow(loadScenarioFile(join(PLANS_FOLDER, 'korea-2020-fitted.json')));
const fittedSites = fitted.scenario.testing.sites;

describe('loadScenarioFile with extends', () => {
  it('overrides a scalar', async () => {
    const { scenario } = await loadedOrThrow(loadPlan({ extends: SINGLE_REGION, transmission: { r0: 3 } }));
    expect(scenario.transmission.r0).toBe(3);
    expect(scenario.transmission.contactsPerDay).toEqual(singleRegion.scenario.transmission.contactsPerDay);
    expect(scenario.name).toBe(singleRegion.scenario.name);
  });

  it('overrides a nested field and keeps its siblings', async () => {
    const { scenario } = await loadedOrThrow(loadPlan({ extends: SINGLE_REGION, simulation: { runs: 7 } }));
    expect(scenario.simulation).toEqual({ ...singleRegion.scenario.simulation, runs: 7 });
  });

  it('replaces a distribution as a whole', async () => {
    const uniform = { dist: 'uniform', min: 14, max: 28 };
    const plan = { extends: KOREA, care: { wardStayDays: uniform, overflowFatalityFactor: 2 } };
    const { scenario } = await loadedOrThrow(loadPlan(plan));
    // The base is triangular with a mode, which must not survive into the uniform distribution.
    expect(scenario.care.wardStayDays).toEqual(uniform);
    expect(scenario.care.overflowFatalityFactor).toBe(2);
    expect(scenario.care.icuStayDays).toEqual(korea.scenario.care.icuStayDays);
  });

  it('replaces a list as a whole', async () => {
    const seed = { region: 'KR-27', date: '2020-02-18', infections: 40 };
    const { scenario } = await loadedOrThrow(loadPlan({ extends: KOREA, seeding: [seed] }));
    expect(scenario.seeding).toEqual([{ ...seed, spreadDays: 1 }]);
  });

  it('removes a key set to null', async () => {
    const plan = { extends: KOREA, transmission: { mobility: null } };
    const { scenario } = await loadedOrThrow(loadPlan(plan));
    expect(korea.scenario.transmission.mobility).toBeDefined();
    expect('mobility' in scenario.transmission).toBe(false);
  });

  it('removes the drive-through sites with $remove', async () => {
    const plan = { extends: KOREA, testing: { sites: { $remove: { kind: 'drive_through' } } } };
    const { scenario } = await loadedOrThrow(loadPlan(plan));
    expect(scenario.testing.sites).toEqual(baseSites.filter((site) => site.kind !== 'drive_through'));
    expect(scenario.testing.sites.length).toBe(baseSites.length - 20);
  });

  it('removes the entries that match any of a list with $remove', async () => {
    const plan = {
      extends: KOREA,
      testing: { sites: { $remove: [{ kind: 'drive_through', region: 'KR-27' }, { kind: 'walk_through' }] } },
    };
    const { scenario } = await loadedOrThrow(loadPlan(plan));
    const removed = (site: (typeof baseSites)[number]): boolean =>
      (site.kind === 'drive_through' && site.region === 'KR-27') || site.kind === 'walk_through';
    expect(scenario.testing.sites).toEqual(baseSites.filter((site) => !removed(site)));
    expect(scenario.testing.sites.length).toBe(baseSites.length - 3);
  });

  it('adds entries at the end with $append', async () => {
    const site = { region: 'KR-27', kind: 'drive_through', opens: '2020-02-20', testsPerDayPerSite: 500 };
    const plan = { extends: KOREA, testing: { sites: { $append: [site] } } };
    const { scenario } = await loadedOrThrow(loadPlan(plan));
    expect(scenario.testing.sites.slice(0, -1)).toEqual(baseSites);
    expect(scenario.testing.sites.at(-1)).toEqual({ ...site, count: 1, rampUpDays: 0 });
  });

  it('changes the matching entries with $patch', async () => {
    const patch = { match: { kind: 'drive_through', region: 'KR-27' }, set: { testsPerDayPerSite: 300, count: 10 } };
    const { scenario } = await loadedOrThrow(loadPlan({ extends: KOREA, testing: { sites: { $patch: patch } } }));
    const sites = scenario.testing.sites;
    expect(sites.length).toBe(baseSites.length);
    for (const [i, site] of sites.entries()) {
      const base = baseSites[i]!;
      const expected =
        base.kind === 'drive_through' && base.region === 'KR-27' ? { ...base, testsPerDayPerSite: 300, count: 10 } : base;
      expect(site).toEqual(expected);
    }
    expect(sites.filter((site) => site.testsPerDayPerSite === 300).length).toBe(2);
  });

  it('matches a list field by its whole value', async () => {
    const patch = { match: { regions: ['KR-27', 'KR-47'] }, set: { share: 0.5 } };
    const { scenario } = await loadedOrThrow(loadPlan({ extends: KOREA, care: { rtcShare: { $patch: patch } } }));
    expect(scenario.care.rtcShare.map((step) => step.share)).toEqual([0.5]);
  });

  it("shifts every site's opening with $shiftDays", async () => {
    // Sites with a closing date close later too, or one would close before it opens.
    const patch = [
      { match: {}, set: { opens: { $shiftDays: 14 } } },
      { match: { name: 'Care-facility mass screening, Daegu' }, set: { closes: { $shiftDays: 14 } } },
      { match: { name: 'Itaewon mass screening, Seoul' }, set: { closes: { $shiftDays: 14 } } },
    ];
    const { scenario } = await loadedOrThrow(loadPlan({ extends: KOREA, testing: { sites: { $patch: patch } } }));
    expect(scenario.testing.sites.length).toBe(baseSites.length);
    for (const [i, site] of scenario.testing.sites.entries()) {
      const base = baseSites[i]!;
      expect(epochDayOf(site.opens)! - epochDayOf(base.opens)!).toBe(14);
      if (base.closes !== undefined) expect(epochDayOf(site.closes!)! - epochDayOf(base.closes)!).toBe(14);
      expect({ ...site, opens: base.opens, closes: base.closes }).toEqual(base);
    }
    // 2020-02-20 + 14 days crosses the end of a leap-year February.
    expect(scenario.testing.sites[1]!.opens).toBe('2020-03-05');
  });

  it('shifts a single date earlier', async () => {
    const plan = { extends: SINGLE_REGION, simulation: { end: { $shiftDays: -9 } } };
    const { scenario } = await loadedOrThrow(loadPlan(plan));
    expect(scenario.simulation.end).toBe('2020-03-31');
  });

  it('scales numbers with $multiply', async () => {
    const plan = { extends: KOREA, tracing: { casesPerTracerPerDay: { $multiply: 0.5 } } };
    const { scenario } = await loadedOrThrow(loadPlan(plan));
    expect(scenario.tracing.casesPerTracerPerDay).toBe(korea.scenario.tracing.casesPerTracerPerDay / 2);
  });

  it('applies $remove, $patch and $append in that order', async () => {
    const appended = { region: 'KR-11', kind: 'drive_through', opens: '2020-04-01', testsPerDayPerSite: 1 };
    const sites = {
      $append: [appended],
      $patch: { match: { kind: 'drive_through' }, set: { testsPerDayPerSite: 250 } },
      $remove: { kind: 'screening_clinic' },
    };
    const { scenario } = await loadedOrThrow(loadPlan({ extends: KOREA, testing: { sites } }));
    const remaining = baseSites.filter((site) => site.kind !== 'screening_clinic');
    expect(scenario.testing.sites.length).toBe(remaining.length + 1);
    expect(scenario.testing.sites.slice(0, 20).every((site) => site.testsPerDayPerSite === 250)).toBe(true);
    // The appended drive-through site comes after the patch, so it keeps its own value.
    expect(scenario.testing.sites.at(-1)!.testsPerDayPerSite).toBe(1);
  });

  it('merges a chain of two bases', async () => {
    const folder = freshFolder();
    writeJson(folder, 'plans/no-drive-through.json', {
      extends: KOREA,
      name: 'No drive-through',
      testing: { sites: { $remove: { kind: 'drive_through' } } },
    });
    // The relative path starts from the folder of the file that names it, not from the working folder.
    const top = writeJson(folder, 'plans/variants/high-r0.json', {
      extends: '../no-drive-through.json',
      transmission: { r0: { dist: 'uniform', min: 2, max: 3 } },
    });
    const { scenario } = await loadedOrThrow(loadScenarioFile(top));
    expect(scenario.name).toBe('No drive-through');
    expect(scenario.testing.sites.some((site) => site.kind === 'drive_through')).toBe(false);
    expect(scenario.transmission.r0).toEqual({ dist: 'uniform', min: 2, max: 3 });
    expect(scenario.care).toEqual(korea.scenario.care);
  });

  it(`loads a chain of ${MAX_EXTENDS_DEPTH} bases`, async () => {
    const folder = freshFolder();
    for (let i = 0; i < MAX_EXTENDS_DEPTH; i++) {
      const base = i === MAX_EXTENDS_DEPTH - 1 ? SINGLE_REGION : `level-${i + 1}.json`;
      writeJson(folder, `level-${i}.json`, { extends: base, simulation: { runs: i + 1 } });
    }
    const { scenario } = await loadedOrThrow(loadScenarioFile(join(folder, 'level-0.json')));
    expect(scenario.simulation.runs).toBe(1);
  });

  it('reports a chain deeper than the limit', async () => {
    const folder = freshFolder();
    for (let i = 0; i <= MAX_EXTENDS_DEPTH; i++) {
      const base = i === MAX_EXTENDS_DEPTH ? SINGLE_REGION : `level-${i + 1}.json`;
      writeJson(folder, `level-${i}.json`, { extends: base });
    }
    const problems = await problemsOf(loadScenarioFile(join(folder, 'level-0.json')));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('extends');
    expect(problems[0]!.message).toContain(join(folder, `level-${MAX_EXTENDS_DEPTH}.json`));
    expect(problems[0]!.message).toContain(`more than ${MAX_EXTENDS_DEPTH} files below`);
  });

  it('reports a cycle with its files', async () => {
    const folder = freshFolder();
    const a = writeJson(folder, 'a.json', { extends: 'b.json' });
    const b = writeJson(folder, 'b.json', { extends: './a.json' });
    const problems = await problemsOf(loadScenarioFile(a));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('extends');
    expect(problems[0]!.received).toBe('"./a.json"');
    expect(problems[0]!.message).toContain(`extends in ${b}`);
    expect(problems[0]!.message).toContain(`${a} -> ${b} -> ${a}`);
  });

  it('reports a file that extends itself', async () => {
    const folder = freshFolder();
    const a = writeJson(folder, 'self.json', { extends: 'self.json' });
    const problems = await problemsOf(loadScenarioFile(a));
    expect(problems.map((problem) => problem.path)).toEqual(['extends']);
    expect(problems[0]!.message).toContain(`${a} -> ${a}`);
  });

  it('reports a missing base with its file name', async () => {
    const folder = freshFolder();
    const plan = writeJson(folder, 'plan.json', { extends: 'bases/korea-2021.json', name: 'x' });
    const problems = await problemsOf(loadScenarioFile(plan));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('extends');
    expect(problems[0]!.received).toBe('"bases/korea-2021.json"');
    expect(problems[0]!.message).toContain(join(folder, 'bases/korea-2021.json'));
    expect(problems[0]!.message).toContain('not found');
  });

  it.runIf(existsSync('/dev/zero'))('reports a device as base without reading it', async () => {
    const folder = freshFolder();
    const plan = writeJson(folder, 'plan.json', { extends: '/dev/zero', name: 'x' });
    const problems = await problemsOf(loadScenarioFile(plan));
    expect(problems.map((problem) => problem.path)).toEqual(['extends']);
    expect(problems[0]!.message).toContain('it is not a regular file (a pipe, socket or device)');
  });

  it('reports a folder as base', async () => {
    const folder = freshFolder();
    mkdirSync(join(folder, 'bases'));
    const plan = writeJson(folder, 'plan.json', { extends: 'bases', name: 'x' });
    const problems = await problemsOf(loadScenarioFile(plan));
    expect(problems.map((problem) => problem.path)).toEqual(['extends']);
    expect(problems[0]!.message).toContain('it is a folder, not a file');
  });

  it('reports an extends that is not a path', async () => {
    const problems = await problemsOf(loadPlan({ extends: 3, name: 'x' }));
    expect(problems.map((problem) => problem.path)).toEqual(['extends']);
    expect(problems[0]!.received).toBe('3');
  });

  it('reports a base that is not valid JSON with its file name', async () => {
    const folder = freshFolder();
    writeFileSync(join(folder, 'base.json'), '{ "name": "x", }');
    const plan = writeJson(folder, 'plan.json', { extends: 'base.json' });
    const problems = await problemsOf(loadScenarioFile(plan));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(`${join(folder, 'base.json')} has a JSON syntax error at line 1`);
  });

  it('reports a repeated key in a base with its file name', async () => {
    const folder = freshFolder();
    const text = JSON.stringify(shippedDocument('test-single-region.json')).replace('"runs":4', '"runs":4,"runs":5');
    writeFileSync(join(folder, 'base.json'), text);
    const plan = writeJson(folder, 'plan.json', { extends: 'base.json' });
    const problems = await problemsOf(loadScenarioFile(plan));
    expect(problems.map((problem) => problem.path)).toEqual(['simulation.runs']);
    expect(problems[0]!.message).toContain(`in its object in ${join(folder, 'base.json')}`);
  });

  it('reports an unknown operator once', async () => {
    const plan = { extends: KOREA, testing: { sites: { $sort: 'opens' } } };
    const problems = await problemsOf(loadPlan(plan));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('testing.sites');
    expect(problems[0]!.received).toBe('"$sort"');
    expect(problems[0]!.message).toContain('$remove, $patch, $append, $shiftDays, $multiply');
  });

  it('reports an operator without a base value', async () => {
    const site = { region: 'KR-11', kind: 'walk_through', opens: { $shiftDays: 3 }, testsPerDayPerSite: 10 };
    const problems = await problemsOf(loadPlan({ extends: KOREA, testing: { sites: { $append: [site] } } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe(`testing.sites[${baseSites.length}].opens`);
    expect(problems[0]!.message).toContain('has no base value to edit');
  });

  it('reports an operator in a file without extends', async () => {
    const document = shippedDocument('test-single-region.json');
    document.simulation.runs = { $multiply: 2 };
    const problems = await problemsOf(loadScenarioFile(writeJson(freshFolder(), 'flat.json', document)));
    expect(problems.map((problem) => problem.path)).toEqual(['simulation.runs']);
  });

  it('reports $shiftDays on a value that is not a date', async () => {
    const plan = { extends: KOREA, testing: { sites: { $patch: { match: { kind: 'walk_through' }, set: { count: { $shiftDays: 1 } } } } } };
    const problems = await problemsOf(loadPlan(plan));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('testing.sites[54].count');
    expect(problems[0]!.received).toBe('2');
    expect(problems[0]!.expected).toBe('an ISO date YYYY-MM-DD in the base');
  });

  it('reports a $patch without match or set', async () => {
    const plan = { extends: KOREA, tracing: { staff: { $patch: { set: { tracers: 1 } } } } };
    const problems = await problemsOf(loadPlan(plan));
    expect(problems.map((problem) => problem.path)).toEqual(['tracing.staff']);
    expect(problems[0]!.message).toContain('$patch at tracing.staff');
  });

  it('warns about a $remove that matches nothing', async () => {
    const plan = { extends: KOREA, testing: { sites: { $remove: { kind: 'drive-through' } } } };
    const loaded = await loadedOrThrow(loadPlan(plan));
    expect(loaded.scenario.testing.sites).toEqual(baseSites);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain('testing.sites: $remove {"kind":"drive-through"}');
  });

  it('reports a problem by its path in the merged result', async () => {
    const folder = freshFolder();
    const walkThrough = { match: { kind: 'walk_through' }, set: { opens: '2020-02-30' } };
    const plan = writeJson(folder, 'plan.json', {
      extends: KOREA,
      testing: { sites: { $remove: { kind: 'drive_through' }, $patch: walkThrough } },
    });
    const problems = await problemsOf(loadScenarioFile(plan));
    const index = baseSites.filter((site) => site.kind !== 'drive_through').findIndex((site) => site.kind === 'walk_through');
    expect(index).toBe(34);
    expect(problems.map((problem) => problem.path)).toEqual([`testing.sites[${index}].opens`]);
    expect(problems[0]!.message).toContain(`${plan} sets this value and extends ${KOREA}.`);
  });

  it('names the base file for a problem in a value the base set', async () => {
    const plan = join(freshFolder(), 'plan.json');
    writeJson(dirname(plan), 'plan.json', { extends: KOREA, simulation: { start: '2020-03-01' } });
    const problems = await problemsOf(loadScenarioFile(plan));
    const seeding = problems.find((problem) => problem.path === 'seeding[0].date');
    expect(seeding).toBeDefined();
    expect(seeding!.message).toContain(`The value comes from ${KOREA}, a base of ${plan}.`);
  });

  it('names the value of the plan that a base value is checked against', async () => {
    const plan = join(freshFolder(), 'plan.json');
    const regions = { $patch: { match: { code: 'XX-01' }, set: { populationByAge: [5] } } };
    writeJson(dirname(plan), 'plan.json', { extends: SINGLE_REGION, name: 'small', regions });
    const problems = await problemsOf(loadScenarioFile(plan));
    const seeding = problems.find((problem) => problem.path === 'seeding[0].infections');
    expect(seeding).toBeDefined();
    expect(seeding!.message).toContain(`The value comes from ${SINGLE_REGION}, a base of ${plan}.`);
    expect(seeding!.message).toContain(`It is checked against regions[0].populationByAge, which ${plan} sets.`);
  });

  it('reports one invalid value that a $patch sets in many entries once', async () => {
    const plan = join(freshFolder(), 'plan.json');
    const staff = { $patch: { match: {}, set: { tracers: -3 } } };
    writeJson(dirname(plan), 'plan.json', { extends: KOREA, name: 'negative tracers', tracing: { staff } });
    const problems = await problemsOf(loadScenarioFile(plan));
    const count = korea.scenario.tracing.staff.length;
    expect(problems.map((problem) => problem.path)).toEqual(['tracing.staff[0].tracers']);
    expect(problems[0]!.message).toContain(
      `The same problem is at tracing.staff[1].tracers, tracing.staff[2].tracers, tracing.staff[3].tracers and ${count - 4} more.`,
    );
  });

  it('names the operator that computed an invalid value', async () => {
    const plan = join(freshFolder(), 'plan.json');
    writeJson(dirname(plan), 'plan.json', { extends: SINGLE_REGION, name: 'high', transmission: { r0: { $multiply: 100 } } });
    const problems = await problemsOf(loadScenarioFile(plan));
    expect(problems.map((problem) => problem.path)).toEqual(['transmission.r0']);
    expect(problems[0]!.message).toContain(`$multiply in ${plan} computed it from the base's value`);
  });

  it('reports the values that one $multiply makes invalid in many entries once', async () => {
    const plan = join(freshFolder(), 'plan.json');
    const staff = { $patch: { match: {}, set: { tracers: { $multiply: 1e300 } } } };
    writeJson(dirname(plan), 'plan.json', { extends: KOREA, name: 'many tracers', tracing: { staff } });
    const problems = await problemsOf(loadScenarioFile(plan));
    const count = korea.scenario.tracing.staff.length;
    expect(problems.map((problem) => problem.path)).toEqual(['tracing.staff[0].tracers']);
    expect(problems[0]!.message).toContain(`$multiply in ${plan} computed it from the base's value`);
    expect(problems[0]!.message).toContain(
      'The same problem, with other values, is at tracing.staff[1].tracers, tracing.staff[2].tracers, ' +
        `tracing.staff[3].tracers and ${count - 4} more.`,
    );
  });

  it('calls a value no file sets a default', async () => {
    const plan = join(freshFolder(), 'plan.json');
    writeJson(dirname(plan), 'plan.json', { extends: SINGLE_REGION, simulation: { stochasticStepDays: 1 } });
    const problems = await problemsOf(loadScenarioFile(plan));
    const turnaround = problems.find((problem) => problem.path === 'testing.turnaroundDays');
    expect(turnaround).toBeDefined();
    expect(turnaround!.message).toContain(`No file of ${plan} sets this value, so it is the default`);
    expect(turnaround!.message).not.toContain('a base of');
  });

  it('names a base that is tttsim output', async () => {
    const folder = freshFolder();
    writeJson(folder, 'fit.json', { command: 'tttsim calibrate', engineVersion: '0.1.0', parameters: [] });
    const plan = join(folder, 'plan.json');
    writeJson(folder, 'plan.json', { extends: 'fit.json', name: 'plan' });
    const problems = await problemsOf(loadScenarioFile(plan));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('is tttsim output (it has engineVersion and no regions), not a scenario');
    const direct = await problemsOf(loadScenarioFile(join(folder, 'fit.json')));
    expect(direct).toHaveLength(1);
    expect(direct[0]!.message).toContain('fit.json is tttsim output');
  });

  it('names the file that removes a required value', async () => {
    const plan = join(freshFolder(), 'plan.json');
    writeJson(dirname(plan), 'plan.json', { extends: SINGLE_REGION, simulation: { end: null } });
    const problems = await problemsOf(loadScenarioFile(plan));
    const end = problems.find((problem) => problem.path === 'simulation.end');
    expect(end).toBeDefined();
    expect(end!.message).toContain(`${plan} removes it with null, so give a value there instead.`);
  });

  it('names the file that leaves out a required value', async () => {
    const folder = freshFolder();
    const base = join(folder, 'base.json');
    writeJson(folder, 'base.json', { extends: SINGLE_REGION, transmission: { r0: { dist: 'uniform', min: 2 } } });
    const plan = join(folder, 'plan.json');
    writeJson(folder, 'plan.json', { extends: base });
    const problems = await problemsOf(loadScenarioFile(plan));
    const max = problems.find((problem) => problem.path === 'transmission.r0.max');
    expect(max).toBeDefined();
    expect(max!.message).toContain(`${base} writes transmission.r0 without it, so add it there.`);
    expect(max!.message).not.toContain('default');
  });

  it('names no file for a value both files set', async () => {
    const plan = join(freshFolder(), 'plan.json');
    writeJson(dirname(plan), 'plan.json', { extends: SINGLE_REGION, regions: { $remove: {} } });
    const problems = await problemsOf(loadScenarioFile(plan));
    const regions = problems.find((problem) => problem.path === 'regions');
    expect(regions).toBeDefined();
    expect(regions!.message).toContain(`${plan} extends ${SINGLE_REGION}, and the path is in the merged scenario.`);
  });

  it('gives a plan the hash of the equivalent flat file', async () => {
    const folder = freshFolder();
    const plan = writeJson(folder, 'plan.json', {
      extends: KOREA,
      name: 'Korea 2020, no drive-through, R0 2.8',
      testing: { sites: { $remove: { kind: 'drive_through' } } },
      transmission: { r0: 2.8 },
    });
    const flatDocument = shippedDocument('korea-2020.json');
    flatDocument.name = 'Korea 2020, no drive-through, R0 2.8';
    flatDocument.testing.sites = flatDocument.testing.sites.filter((site: { kind: string }) => site.kind !== 'drive_through');
    flatDocument.transmission.r0 = 2.8;
    const flat = writeJson(folder, 'flat.json', flatDocument);

    const fromPlan = await loadedOrThrow(loadScenarioFile(plan));
    const fromFlat = await loadedOrThrow(loadScenarioFile(flat));
    expect(fromPlan.scenario).toEqual(fromFlat.scenario);
    expect(fromPlan.hash).toBe(fromFlat.hash);
    expect(fromPlan.hash).not.toBe(korea.hash);
  });

  it('leaves no extends in the loaded scenario', async () => {
    const loaded = await loadedOrThrow(loadPlan({ extends: SINGLE_REGION, transmission: { r0: 3 } }));
    expect(Object.hasOwn(loaded.scenario, 'extends')).toBe(false);
    expectTypeOf<Scenario>().not.toHaveProperty('extends');

    // scenario.resolved.json is this object as JSON, and it must load without its base.
    const resolved = parseScenarioText(JSON.stringify(loaded.scenario, null, 2), 'scenario.resolved.json');
    expect(resolved.ok).toBe(true);
    if (resolved.ok) expect(resolved.hash).toBe(loaded.hash);
  });
});

describe('fitted names by position', () => {
  const fittedPath = join(PLANS_FOLDER, 'korea-2020-fitted.json');
  // The correlations leave out the fitted parameters whose estimate lies on a bound of its range.
  const correlated = fitted.scenario.fitCorrelation?.parameters ?? [];
  const moved = 'fitUncertainty names distancing[5].scale by its position in interventions.distancing';

  it('keeps quiet when a plan removes a period after the fitted ones', async () => {
    // The last period sits after the fitted ones, so their positions hold.
    const plan = { extends: fittedPath, interventions: { distancing: { $remove: { start: '2020-05-08' } } } };
    const loaded = await loadedOrThrow(loadPlan(plan));
    expect(loaded.scenario.interventions.distancing.length).toBeLessThan(fitted.scenario.interventions.distancing.length);
    expect(loaded.warnings.filter((warning) => warning.includes('distancing['))).toEqual([]);
  });

  it('keeps quiet when a plan replaces the list with the same first periods', async () => {
    const periods = fitted.scenario.interventions.distancing;
    const plan = { extends: fittedPath, interventions: { distancing: periods.slice(0, 8) } };
    const loaded = await loadedOrThrow(loadPlan(plan));
    expect(loaded.warnings.filter((warning) => warning.includes('distancing['))).toEqual([]);
  });

  it('warns when a plan changes a fitted period in place', async () => {
    const periods = fitted.scenario.interventions.distancing;
    const changed = { ...periods[5]!, name: 'Alert level 4, renamed' };
    const plan = { extends: fittedPath, interventions: { distancing: [...periods.slice(0, 5), changed, ...periods.slice(6)] } };
    const loaded = await loadedOrThrow(loadPlan(plan));
    expect(loaded.warnings.some((warning) => warning.startsWith(moved))).toBe(true);
    expect(loaded.warnings.some((warning) => warning.startsWith('fitUncertainty names distancing[6]'))).toBe(true);
  });

  it('leaves out inherited entries that a shorter horizon breaks', async () => {
    // Ending on 2020-03-15 puts both fitted seeding shifts on the end of their ranges.
    const plan = { extends: fittedPath, simulation: { end: '2020-03-15' } };
    const loaded = await loadedOrThrow(loadPlan(plan));
    const names = loaded.scenario.fitUncertainty.map((entry) => entry.name);
    expect(names).not.toContain('seeding:KR-27.shiftDays');
    expect(names).not.toContain('seeding:KR-47.shiftDays');
    expect(names).toContain('transmission.scale');
    expect(loaded.scenario.fitCorrelation?.parameters).toEqual(correlated.filter((name) => names.includes(name)));
    const dropped = loaded.warnings.filter((warning) => warning.startsWith('fitUncertainty entry seeding:'));
    expect(dropped).toHaveLength(2);
    expect(dropped[0]).toContain(
      'but in this scenario its value, 0, lies on the bound 0 of its range, so sampled runs keep ' +
        'the value this scenario gives it instead of drawing it',
    );
  });

  it('words a dropped range as a fact of the plan', async () => {
    // The seeding may move at most to the simulation end, 2020-03-05 in the plan, so an interval up
    // to 10 days later no longer fits.
    const folder = freshFolder();
    const base = join(folder, 'base.json');
    writeJson(folder, 'base.json', {
      extends: SINGLE_REGION,
      seeding: [{ region: 'XX-01', date: '2020-03-01', infections: 10 }],
      fitUncertainty: [{ name: 'seeding:XX-01.shiftDays', estimate: 0, lower: -3, upper: 10 }],
    });
    const plan = join(folder, 'plan.json');
    writeJson(folder, 'plan.json', { extends: base, simulation: { end: '2020-03-05' } });
    const loaded = await loadedOrThrow(loadScenarioFile(plan));
    const dropped = loaded.warnings.filter((warning) => warning.startsWith('fitUncertainty entry seeding:XX-01.shiftDays'));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toContain('outside the range of seeding:XX-01.shiftDays');
    expect(dropped[0]).not.toContain('narrow the interval');
  });

  it('drops entries of an emptied list', async () => {
    const plan = { extends: fittedPath, interventions: { distancing: [] } };
    const loaded = await loadedOrThrow(loadPlan(plan));
    const names = loaded.scenario.fitUncertainty.map((entry) => entry.name);
    expect(names.some((name) => name.startsWith('distancing['))).toBe(false);
    expect(names).toContain('transmission.scale');
    expect(loaded.scenario.fitCorrelation?.parameters).toEqual(correlated.filter((name) => names.includes(name)));
    const removed = loaded.warnings.filter((warning) => warning.startsWith('fitUncertainty entry distancing['));
    expect(removed.length).toBeGreaterThan(0);
    expect(removed[0]).toContain('but in this scenario interventions.distancing has no entries, so the fitted entry is gone');
  });

  it('leaves out the inherited correlations of a plan without fitted ranges', async () => {
    const loaded = await loadedOrThrow(loadPlan({ extends: fittedPath, fitUncertainty: [] }));
    expect(loaded.scenario.fitCorrelation).toBeUndefined();
    const left = loaded.warnings.filter((warning) => warning.startsWith('fitCorrelation comes from'));
    expect(left).toHaveLength(1);
    expect(left[0]).toContain(`correlates the entries ${correlated.join(', ')}, which the fitUncertainty`);
    expect(left[0]).toContain('no correlation is left');
  });

  it('keeps the inherited correlations of the entries a plan keeps', async () => {
    const kept = fitted.scenario.fitUncertainty.filter((entry) => !entry.name.startsWith('seeding:KR-47'));
    const loaded = await loadedOrThrow(loadPlan({ extends: fittedPath, fitUncertainty: kept }));
    const names = kept.map((entry) => entry.name);
    expect(loaded.scenario.fitCorrelation?.parameters).toEqual(correlated.filter((name) => names.includes(name)));
    const left = loaded.warnings.filter((warning) => warning.startsWith('fitCorrelation comes from'));
    expect(left).toHaveLength(1);
    expect(left[0]).toContain('the entries seeding:KR-47.scale, seeding:KR-47.shiftDays, which');
  });

  it('keeps a correlation the plan writes itself as a problem', async () => {
    const loaded = await loadPlan({ extends: fittedPath, fitUncertainty: [], fitCorrelation: fitted.scenario.fitCorrelation });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems[0]!.path).toBe('fitCorrelation.parameters[0]');
    expect(loaded.problems[0]!.message).toContain('or set fitCorrelation to null to draw every entry on its own');
  });

  it('keeps a plan\'s own broken entry as a problem', async () => {
    const plan = { extends: fittedPath, simulation: { end: '2020-03-15' }, fitUncertainty: fitted.scenario.fitUncertainty };
    const loaded = await loadPlan(plan);
    expect(loaded.ok).toBe(false);
  });

  it('trusts a position the plan writes itself', async () => {
    const fittedEntry = fitted.scenario.fitUncertainty.find((entry) => entry.name === 'distancing[5].scale')!;
    const plan = {
      extends: fittedPath,
      interventions: { distancing: { $remove: { name: fitted.scenario.interventions.distancing[0]!.name } } },
      fitUncertainty: { $append: [{ ...fittedEntry, name: 'distancing[4].scale' }] },
    };
    const loaded = await loadedOrThrow(loadPlan(plan));
    expect(loaded.scenario.fitUncertainty.map((entry) => entry.name)).toContain('distancing[4].scale');
    expect(loaded.warnings.filter((warning) => warning.startsWith('fitUncertainty names distancing[4]'))).toEqual([]);
    // The inherited entry at that position is still checked: dropped, or named with a warning,
    // depending on whether its fitted interval fits the period now there.
    expect(loaded.warnings.some((warning) => /^fitUncertainty (entry|names) distancing\[5\]\.scale/.test(warning))).toBe(true);
  });

  it('drops an inherited entry whose position moved', async () => {
    // With the four school periods moved behind the next five, distancing[5].scale names the winter
    // vacation, whose school contacts are already 0, so no scale of it can be fitted or drawn.
    const periods = fitted.scenario.interventions.distancing;
    const distancing = [...periods.slice(4, 9), ...periods.slice(0, 4), ...periods.slice(9)];
    const plan = { extends: fittedPath, interventions: { distancing } };
    const loaded = await loadedOrThrow(loadPlan(plan));
    const names = loaded.scenario.fitUncertainty.map((entry) => entry.name);
    expect(names).not.toContain('distancing[5].scale');
    const dropped = loaded.warnings.filter((warning) => warning.startsWith('fitUncertainty entry distancing[5].scale'));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toContain('may now name another entry, which the fitted interval does not fit');
  });

  it('drops the entries of a removed seeding', async () => {
    const plan = { extends: fittedPath, seeding: { $remove: { region: 'KR-27' } } };
    const loaded = await loadedOrThrow(loadPlan(plan));
    const names = loaded.scenario.fitUncertainty.map((entry) => entry.name);
    expect(names.filter((name) => name.startsWith('seeding:KR-27'))).toEqual([]);
    const dropped = loaded.warnings.filter((warning) => warning.startsWith('fitUncertainty entry seeding:KR-27.scale'));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toContain('but in this scenario it has no seeding entry for region KR-27, so the fitted entry is gone');
  });

  it('warns when a plan puts a range back on R0', async () => {
    const plan = { extends: fittedPath, transmission: { r0: { dist: 'uniform', min: 2, max: 3 } } };
    const warnings = (await loadedOrThrow(loadPlan(plan))).warnings.filter((warning) => warning.includes('draws it twice'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('transmission.r0 is a distribution, and fitUncertainty[0] (transmission.scale)');
    expect(fitted.warnings.filter((warning) => warning.includes('draws it twice'))).toEqual([]);
  });

  it('stays quiet for a patch that keeps positions', async () => {
    const plan = { extends: fittedPath, interventions: { distancing: { $patch: { match: {}, set: { note: 'checked' } } } } };
    expect((await loadedOrThrow(loadPlan(plan))).warnings.filter((warning) => warning.includes('by its position'))).toEqual([]);
  });
});

describe('parseScenarioText with extends', () => {
  it('reports a relative extends without a base directory', () => {
    const result = parseScenarioText(JSON.stringify({ extends: 'korea-2020.json' }), 'stdin');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual(['extends']);
    expect(result.problems[0]!.message).toContain('baseDirectory');
  });

  it('resolves a relative extends against the base directory', () => {
    const text = JSON.stringify({ extends: 'test-single-region.json', transmission: { r0: 3 } });
    const result = parseScenarioText(text, 'stdin', { baseDirectory: dirname(SINGLE_REGION) });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.scenario.transmission.r0).toBe(3);
  });

  it('resolves an absolute extends without a base directory', () => {
    const result = parseScenarioText(JSON.stringify({ extends: SINGLE_REGION }), 'stdin');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.hash).toBe(singleRegion.hash);
  });
});

describe('plans on the Korea 2020 scenario', () => {
  async function loadShippedPlan(fileName: string): Promise<Loaded> {
    return loadedOrThrow(loadScenarioFile(join(PLANS_FOLDER, fileName)));
  }

  it('removes the drive-through and walk-through sites', async () => {
    const { scenario } = await loadShippedPlan('korea-2020-no-drive-through.json');
    const kinds = new Set(scenario.testing.sites.map((site) => site.kind));
    expect([...kinds].sort()).toEqual(['mass_screening', 'screening_clinic']);
    const remaining = fittedSites.filter((site) => site.kind !== 'drive_through' && site.kind !== 'walk_through');
    expect(scenario.testing.sites).toEqual(remaining);
  });

  it('opens every site 14 days later', async () => {
    const { scenario } = await loadShippedPlan('korea-2020-late-testing.json');
    expect(scenario.testing.sites.length).toBe(fittedSites.length);
    for (const [i, site] of scenario.testing.sites.entries()) {
      const base = fittedSites[i]!;
      expect(epochDayOf(site.opens)! - epochDayOf(base.opens)!).toBe(14);
      if (base.closes === undefined) expect(site.closes).toBeUndefined();
      else expect(epochDayOf(site.closes!)! - epochDayOf(base.closes)!).toBe(14);
    }
  });

  it('halves the tracing capacity', async () => {
    const { scenario } = await loadShippedPlan('korea-2020-half-tracing.json');
    const base = fitted.scenario.tracing;
    expect(scenario.tracing.casesPerTracerPerDay).toBe(base.casesPerTracerPerDay);
    expect(scenario.tracing.staff.map((step) => step.tracers)).toEqual(base.staff.map((step) => step.tracers / 2));

    // Capacity per day and region is tracers x casesPerTracerPerDay, compiled from the staff timeline.
    const planCapacity = compileScenario(scenario, { sampling: 'central' }).tracing.capacityPerDay;
    const baseCapacity = compileScenario(fitted.scenario, { sampling: 'central' }).tracing.capacityPerDay;
    expect(planCapacity.length).toBe(baseCapacity.length);
    expect(baseCapacity.some((capacity) => capacity > 0)).toBe(true);
    // Halving is exact in binary floating point, so the tables compare equal without a tolerance.
    expect(Array.from(planCapacity)).toEqual(Array.from(baseCapacity, (capacity) => capacity / 2));
  });

  it('removes every transfer route', async () => {
    const { scenario } = await loadShippedPlan('korea-2020-no-transfers.json');
    expect(fitted.scenario.care.transfers.length).toBeGreaterThan(0);
    expect(scenario.care.transfers).toEqual([]);
    expect({ ...scenario.care, transfers: [] }).toEqual({ ...fitted.scenario.care, transfers: [] });
  });

  it('removes the residential treatment centres', async () => {
    const { scenario, warnings } = await loadShippedPlan('korea-2020-no-rtc.json');
    // Empty rtcBeds are no gap when rtcShare sends nobody to a centre.
    expect(warnings).toEqual([]);
    expect(scenario.care.rtcBeds).toEqual([]);
    expect(scenario.care.rtcShare).toEqual([]);
    expect(scenario.care.wardBeds).toEqual(fitted.scenario.care.wardBeds);
  });

  it('gives each plan its own name and hash', async () => {
    const files = [
      'korea-2020-no-drive-through.json',
      'korea-2020-late-testing.json',
      'korea-2020-half-tracing.json',
      'korea-2020-no-transfers.json',
      'korea-2020-no-rtc.json',
    ];
    const hashes = new Set([korea.hash]);
    for (const file of files) {
      const loaded = await loadShippedPlan(file);
      expect(loaded.scenario.name).not.toBe(korea.scenario.name);
      hashes.add(loaded.hash);
    }
    expect(hashes.size).toBe(files.length + 1);
  });
});
