import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../scenarios/index.js';
import { comparePlan, kpiValue, runBatch, type BatchResult } from '../../workers/index.js';
import { economyDocument } from '../scenarios/economy-fixture.js';
import { checkReportInBrowser } from '../viz/browser.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const WORKER = new URL('../../dist/workers/worker.js', import.meta.url);
const tempDir = mkdtempSync(join(tmpdir(), 'tttsim-compare-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

/** Returns a two-region scenario with testing and beds, small enough for many runs, and a drive-through site. */
function baseScenario(): Record<string, any> {
  const contacts = [
    [3, 1],
    [1, 2],
  ];
  return {
    name: 'base',
    simulation: { start: '2020-03-01', end: '2020-04-15', mode: 'stochastic', runs: 8, seed: 5 },
    ageBands: ['0-59', '60+'],
    regions: [
      { code: 'KR-11', name: 'Seoul', populationByAge: [80_000, 20_000] },
      { code: 'KR-27', name: 'Daegu', populationByAge: [40_000, 15_000] },
    ],
    epidemiology: {
      hospitalisedPercentByAge: [2, 15],
      criticalPercentOfHospitalisedByAge: [10, 30],
      infectionFatalityPercentByAge: [0.05, 2],
    },
    transmission: { r0: { dist: 'uniform', min: 2, max: 3 }, contactsPerDay: { home: contacts, work: contacts, school: contacts, other: contacts } },
    seeding: [{ region: 'KR-27', date: '2020-03-01', infections: 40 }],
    testing: {
      sites: [
        { region: 'KR-27', kind: 'screening_clinic', opens: '2020-03-01', testsPerDayPerSite: 40 },
        { region: 'KR-27', kind: 'drive_through', opens: '2020-03-05', testsPerDayPerSite: 200 },
      ],
    },
    care: {
      wardBeds: [{ from: '2020-03-01', regions: 'all', beds: 30 }],
      icuBeds: [{ from: '2020-03-01', regions: 'all', beds: 4 }],
    },
  };
}

/** Returns the base without its drive-through site. */
function planScenario(): Record<string, any> {
  const plan = baseScenario();
  plan.name = 'no drive-through';
  plan.testing.sites = plan.testing.sites.filter((site: { kind: string }) => site.kind !== 'drive_through');
  return plan;
}

let fileCount = 0;
function writeScenario(scenario: Record<string, any>): string {
  const path = join(tempDir, `scenario-${++fileCount}.json`);
  writeFileSync(path, JSON.stringify(scenario));
  return path;
}

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: tempDir, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function batch(scenario: Record<string, any>, seed: number, runs: number): Promise<BatchResult> {
  return runBatch({
    scenario: scenarioSchema.parse(scenario),
    mode: 'stochastic',
    seed,
    runs,
    pool: { workers: 2, workerFile: WORKER },
  });
}

/** Interquartile range of the national infections difference of a comparison. */
function infectionsSpread(base: BatchResult, plan: BatchResult): number {
  const row = comparePlan(base.summary, plan.summary, 3).find((entry) => entry.kpi.name === 'infections' && entry.regionSlot === 2)!;
  return row.difference.p75 - row.difference.p25;
}

describe('tttsim compare', { timeout: 120_000 }, () => {
  const basePath = writeScenario(baseScenario());
  const planPath = writeScenario(planScenario());

  it('writes the three files and a page that renders', async () => {
    const out = join(tempDir, 'out-compare');
    const result = cli('compare', basePath, planPath, '--runs', '6', '--out', out);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);

    const csv = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'plan,region,kpi,mean,p5,p25,p50,p75,p95,diff_mean,diff_p5,diff_p25,diff_p50,diff_p75,diff_p95,prob_better,prob_worse,' +
        'no_deaths_averted_share',
    );
    // 25 KPIs and the cost per death averted in 3 region slots for each of the base and the plan.
    expect(csv).toHaveLength(1 + 2 * 26 * 3);
    expect(csv.some((line) => line.startsWith('no drive-through,KR,deaths,'))).toBe(true);

    const document = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(document).toMatchObject({ mode: 'stochastic', runs: 6, seed: 5, base: { name: 'base' } });
    expect(document.plans.map((plan: { name: string }) => plan.name)).toEqual(['no drive-through']);

    const check = await checkReportInBrowser(join(out, 'compare.html'), { timeoutMs: 60_000 });
    expect(check.chartIds.length).toBeGreaterThan(5);
    expect(check.renderedIds).toEqual(check.chartIds);
    expect(check.consoleErrors).toEqual([]);
    expect(check.pageErrors).toEqual([]);
    expect(check.otherRequests).toEqual([]);
  });

  it('finds no difference between a plan and itself', async () => {
    const out = join(tempDir, 'out-self');
    const copy = writeScenario({ ...baseScenario(), name: 'copy' });
    expect(cli('compare', basePath, copy, '--runs', '6', '--out', out).status).toBe(0);
    const rows = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n').slice(1);
    for (const row of rows.filter((line) => line.startsWith('copy,'))) {
      const differences = row.split(',').slice(9, 15).map(Number);
      expect(differences, row).toEqual([0, 0, 0, 0, 0, 0]);
    }

    // Run by run, not only in the quantiles.
    const base = await batch(baseScenario(), 5, 6);
    const again = await batch(baseScenario(), 5, 6);
    for (const row of comparePlan(base.summary, again.summary, 3)) {
      // A value that does not exist, such as the income ratio without an economy group or the share
      // in quarantine of a region without a confirmed case, has no difference either.
      row.differences.forEach((difference, run) => {
        const value = kpiValue(row.kpi, base.summary[run]!, row.regionSlot, 3);
        expect(difference, row.kpi.name).toBe(Number.isNaN(value) ? NaN : 0);
      });
    }
  });

  it('labels the base given again as a plan by position', () => {
    const out = join(tempDir, 'out-same-file');
    expect(cli('compare', basePath, basePath, basePath, '--runs', '2', '--out', out).status).toBe(0);
    const rows = parse(readFileSync(join(out, 'compare.csv'), 'utf8'), { columns: true }) as { plan: string }[];
    const labels = new Set(rows.map((row) => row.plan));
    const file = basePath.split('/').at(-1);
    expect([...labels]).toEqual([`base (${file}, base)`, `base (${file}, plan 1)`, `base (${file}, plan 2)`]);
  });

  it('narrows the difference with common random numbers', async () => {
    const runs = 40;
    const base = await batch(baseScenario(), 5, runs);
    const common = await batch(planScenario(), 5, runs);
    const independent = await batch(planScenario(), 6, runs);
    // With the same seed, run i of both draws the same R0 and the same early transitions, so their
    // difference is the plan's own. With another seed it also carries the spread between runs.
    expect(infectionsSpread(base, common)).toBeLessThan(0.5 * infectionsSpread(base, independent));
  });

  it('compares costs, income and cost per death averted', async () => {
    const base = economyDocument();
    base.simulation = { ...base.simulation, mode: 'stochastic', runs: 4, seed: 3 };
    const noRelief = { ...economyDocument(), name: 'no relief', simulation: base.simulation };
    noRelief.economy.relief.payments = [];
    const out = join(tempDir, 'out-economy');
    const result = cli('compare', writeScenario(base), writeScenario(noRelief), '--out', out);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);

    const rows = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
    const national = (plan: string, kpi: string) => rows.find((row) => row[0] === plan && row[1] === 'XA' && row[2] === kpi)!;
    // The fixture's payment pays 16,000,000 in all, which the plan saves in every run.
    expect(national('no relief', 'cost_relief').slice(9, 15).map(Number)).toEqual(new Array(6).fill(-16_000_000));
    expect(national('no relief', 'cost_total')[15]).toBe('1');
    expect(Number(national('no relief', 'income_quintile_ratio')[9])).toBeGreaterThan(0);
    expect(national('no relief', 'income_quintile_ratio')[16]).toBe('1');
    const ratio = national('no relief', 'cost_per_death_averted');
    expect(Number(ratio[17])).toBeGreaterThanOrEqual(0);
    expect(Number(ratio[17])).toBeLessThanOrEqual(1);
    expect(national(base.name, 'cost_per_death_averted')[17]).toBe('1');

    const document = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(document.currency).toEqual({ code: 'KRW', perUsd: 1000 });
    expect(document.kpis.find((row: { kpi: string }) => row.kpi === 'cost_total').unit).toBe('KRW');
    expect(document.costPerDeathAverted).toHaveLength(2 * 3);

    const html = readFileSync(join(out, 'compare.html'), 'utf8');
    expect(html).toContain('Cost per death averted (KRW per death)');
    expect(html).toContain('Cost of relief payments (KRW)');
    const check = await checkReportInBrowser(join(out, 'compare.html'), { timeoutMs: 60_000 });
    expect(check.renderedIds).toEqual(check.chartIds);
    expect(check.consoleErrors).toEqual([]);
    expect(check.consoleWarnings).toEqual([]);
    expect(check.pageErrors).toEqual([]);
    expect(check.otherRequests).toEqual([]);
  });

  it('gives zero cost difference to a copy of the base', () => {
    const base = economyDocument();
    base.simulation = { ...base.simulation, mode: 'stochastic', runs: 4, seed: 3 };
    const out = join(tempDir, 'out-economy-self');
    const result = cli('compare', writeScenario(base), writeScenario({ ...base, name: 'copy' }), '--out', out);
    expect(result.status).toBe(0);
    const rows = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n').slice(1);
    const costRows = rows.filter((line) => line.startsWith('copy,') && line.split(',')[2]!.startsWith('cost_'));
    // 9 cost KPIs in 3 region slots, and the cost per death averted, which has no difference columns.
    expect(costRows).toHaveLength(10 * 3);
    for (const row of costRows.filter((line) => !line.includes(',cost_per_death_averted,'))) {
      expect(row.split(',').slice(9, 15).map(Number), row).toEqual([0, 0, 0, 0, 0, 0]);
    }
    for (const row of costRows.filter((line) => line.includes(',cost_per_death_averted,'))) {
      expect(row.split(',')[3], row).toBe('');
      expect(row.split(',')[17], row).toBe('1');
    }
  });

  it('rejects a plan in another currency', () => {
    const other = economyDocument();
    other.economy.currency = 'USD';
    const basePath = writeScenario(economyDocument());
    const planPath = writeScenario(other);
    const result = cli('compare', basePath, planPath, '--out', join(tempDir, 'out-usd'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `plan ${planPath} has the economy currency USD, but the base ${basePath} has KRW; give the plan the base's ` +
        'economy.currency, so that costs compare in one unit',
    );
    expect(result.stderr).not.toContain('"none"');
  });

  it('rejects a plan without an economy', () => {
    const basePath = writeScenario(economyDocument());
    const planPath = writeScenario({ ...economyDocument(), economy: undefined });
    const result = cli('compare', basePath, planPath, '--out', join(tempDir, 'out-no-economy'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `plan ${planPath} has no economy group, but the base ${basePath} has one in KRW; give the plan an economy ` +
        "group in KRW, such as the base's, so that costs compare in one unit",
    );
  });

  it('rejects an economy the base lacks', () => {
    const basePath = writeScenario({ ...economyDocument(), economy: undefined });
    const planPath = writeScenario(economyDocument());
    const result = cli('compare', basePath, planPath, '--out', join(tempDir, 'out-base-no-economy'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `plan ${planPath} has an economy group in KRW, but the base ${basePath} has none; remove the plan's economy ` +
        'group ("economy": null in a plan that extends the base), or give the base one in KRW, so that costs ' +
        'compare in one unit',
    );
  });

  it('warns about plan runs only when stochastic', () => {
    const basePath = writeScenario(baseScenario());
    const plan = writeScenario({ ...baseScenario(), name: 'more runs', simulation: { ...baseScenario().simulation, runs: 3 } });
    const stochastic = cli('compare', basePath, plan, '--out', join(tempDir, 'out-plan-runs'));
    expect(stochastic.status).toBe(0);
    expect(stochastic.stderr).toContain(
      `warning: plan ${plan} sets simulation.runs to 3, but compare runs every plan with the simulation.runs of the base ${basePath} (8)`,
    );
    const deterministic = cli('compare', basePath, plan, '--mode', 'deterministic', '--out', join(tempDir, 'out-plan-runs-det'));
    expect(deterministic.status).toBe(0);
    expect(deterministic.stderr).not.toContain('sets simulation.runs');
  });

  it('warns about a plan with another exchange rate', () => {
    const base = economyDocument();
    const basePath = writeScenario(base);
    const other = { ...economyDocument(), name: 'other rate' };
    other.economy.currencyPerUsd = 1300;
    const otherPath = writeScenario(other);
    const same = writeScenario({ ...economyDocument(), name: 'same rate' });
    const out = join(tempDir, 'out-rate');
    const result = cli('compare', basePath, otherPath, same, '--out', out);
    expect(result.status).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('currencyPerUsd'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`plan ${otherPath} sets economy.currencyPerUsd to 1300, but the base ${basePath} sets 1000`);
    expect(warnings[0]).toContain("records the base's rate (1000)");
    const document = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(document.currency).toEqual({ code: 'KRW', perUsd: 1000 });
  });

  it('shows the warnings a plan shares with the base once', () => {
    const late = baseScenario();
    late.testing.sites.push({ region: 'KR-11', kind: 'screening_clinic', opens: '2020-05-01', testsPerDayPerSite: 20 });
    const basePath = writeScenario(late);
    const planPath = writeScenario({ extends: basePath, name: 'plan' });
    const result = cli('compare', basePath, planPath, '--runs', '2', '--out', join(tempDir, 'out-shared-warnings'));
    expect(result.status).toBe(0);
    const lines = result.stderr.split('\n').filter((line) => line.includes('testing.sites[2].opens'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(basePath);
  });

  it("warns about a plan's own run settings", () => {
    const basePath = writeScenario(baseScenario());
    const own = planScenario();
    own.simulation = { ...own.simulation, seed: 9, runs: 3 };
    const ownPath = writeScenario(own);
    const result = cli('compare', basePath, ownPath, '--runs', '2', '--out', join(tempDir, 'out-own-settings'));
    expect(result.status).toBe(0);
    // --runs chooses the runs for all, so only the seed is worth a warning.
    expect(result.stderr).toContain(
      `warning: plan ${ownPath} sets simulation.seed to 9, but compare runs every plan with the simulation.seed of the base ${basePath} (5)`,
    );
    expect(result.stderr).not.toContain('simulation.runs');
  });

  it('warns about a plan without an exchange rate', () => {
    const basePath = writeScenario(economyDocument());
    const other: Record<string, any> = { ...economyDocument(), name: 'no rate' };
    delete other.economy.currencyPerUsd;
    const otherPath = writeScenario(other);
    const result = cli('compare', basePath, otherPath, '--out', join(tempDir, 'out-no-rate'));
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`plan ${otherPath} sets economy.currencyPerUsd to none, but the base ${basePath} sets 1000`);
  });

  it('rejects a plan with other regions', () => {
    const other = baseScenario();
    other.regions = [other.regions[0]];
    other.seeding = [{ region: 'KR-11', date: '2020-03-01', infections: 40 }];
    other.testing.sites = [{ region: 'KR-11', kind: 'screening_clinic', opens: '2020-03-01', testsPerDayPerSite: 40 }];
    const result = cli('compare', basePath, writeScenario(other), '--out', join(tempDir, 'out-regions'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('must keep the base\'s regions');
    expect(result.stderr).toContain('but the base ' + basePath + ' has KR-11, KR-27;');
  });

  it('names its default folder after the base scenario', () => {
    // The base given again as a plan shares its name, so its label carries the file name and position.
    const result = cli('compare', basePath, basePath, '--runs', '2');
    expect(result.status).toBe(0);
    expect(existsSync(join(tempDir, 'out', 'compare-base', 'compare.csv'))).toBe(true);

    // Another set of plans on the same base keeps that comparison; the same plans replace it.
    const before = readFileSync(join(tempDir, 'out', 'compare-base', 'compare.json'), 'utf8');
    const other = cli('compare', basePath, planPath, '--runs', '2');
    expect(other.status).toBe(2);
    expect(other.stderr).toContain(
      `the default output folder ${join('out', 'compare-base')} contains the comparison of this base with other plans (${basePath}, as its compare.json records)`,
    );
    expect(readFileSync(join(tempDir, 'out', 'compare-base', 'compare.json'), 'utf8')).toBe(before);
    expect(cli('compare', basePath, basePath, '--runs', '2').status).toBe(0);
  });

  it('notes --runs in deterministic mode', () => {
    const result = cli('compare', basePath, planPath, '--mode', 'deterministic', '--runs', '5', '--out', join(tempDir, 'out-det'));
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('warning: --runs 5 is ignored: deterministic mode makes exactly one run from central values');
  });

  it('shows one value per KPI in deterministic mode', () => {
    const out = join(tempDir, 'out-det-page');
    expect(cli('compare', basePath, planPath, '--mode', 'deterministic', '--out', out).status).toBe(0);
    const table = readFileSync(join(out, 'compare.html'), 'utf8').split('<table class="summary">')[1]!.split('</table>')[0]!;
    expect(table).toContain('<th>value</th>');
    expect(table).not.toContain('median (90 %)');
    expect(table).not.toContain('class="range"');
  });

  it('requires at least one plan', () => {
    const result = cli('compare', basePath);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('compare needs a base scenario and at least one plan: tttsim compare BASE PLAN...');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
