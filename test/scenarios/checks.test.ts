import { describe, expect, it } from 'vitest';

import { checkScenario } from '../../scenarios/checks.js';
import { validateScenario } from '../../scenarios/scenario.js';
import { shippedDocument, twoRegionDocument } from './fixtures.js';

function pathsOf(document: unknown): string[] {
  return checkScenario(document).map((problem) => problem.path);
}

describe('checkScenario', () => {
  it.each([
    ['an impossible end', '2020-02-30'],
    ['an end before the start', '2019-01-01'],
  ])('reports only the date for %s of the fitted scenario', (_case, end) => {
    const document = shippedDocument('korea-2020-fitted.json');
    document.simulation.end = end;
    const validation = validateScenario(document);
    const problems = validation.ok ? [] : validation.problems;
    expect(problems.map((p) => p.path)).toEqual(['simulation.end']);
  });

  it('rejects a transfer route to its own origin', () => {
    const document = twoRegionDocument();
    document.care = {
      transfers: [{ origin: 'XA-01', destinations: ['XA-02', 'XA-01'], start: '2020-03-02', patientsPerDay: 1 }],
    };
    expect(pathsOf(document)).toEqual(['care.transfers[0].destinations[1]']);
  });

  it('rejects a region listed twice', () => {
    const document = twoRegionDocument();
    document.tracing = { staff: [{ from: '2020-03-01', regions: ['XA-01', 'XA-02', 'XA-01'], tracers: 1 }] };
    const problems = checkScenario(document);
    expect(problems.map((p) => p.path)).toEqual(['tracing.staff[0].regions[2]']);
    expect(problems[0]!.message).toBe('tracing.staff[0].regions[2] lists region "XA-01" a second time, so remove one of them.');
  });

  it('entry-test share and region errors', () => {
    const document = twoRegionDocument();
    document.tracing = {
      entryTests: [
        { from: '2020-03-02', uninfectedShare: 1.5, infectedShare: 0.5 },
        { from: '2020-03-03', regions: ['XA-09'], uninfectedShare: 0.5, infectedShare: 0.5 },
      ],
    };
    const validation = validateScenario(document);
    const problems = validation.ok ? [] : validation.problems;
    expect(problems.map((p) => p.path).sort()).toEqual(['tracing.entryTests[0].uninfectedShare', 'tracing.entryTests[1].regions[0]']);
    expect(problems.find((p) => p.path.endsWith('uninfectedShare'))!.message).toContain('at most 1');
  });

  it('finds nothing in the shipped scenarios', () => {
    expect(checkScenario(shippedDocument('korea-2020.json'))).toEqual([]);
    expect(checkScenario(shippedDocument('test-single-region.json'))).toEqual([]);
  });

  it('reports duplicate region codes', () => {
    const document = twoRegionDocument();
    document.regions[1].code = 'XA-01';
    expect(pathsOf(document)).toContain('regions[1].code');
  });

  it('reports a region without population and one with two', () => {
    const document = twoRegionDocument();
    delete document.regions[0].populationByAge;
    document.regions[1].populationByAge = [1, 2];
    expect(pathsOf(document)).toEqual(['regions[0]', 'regions[1]']);
  });

  it('reports age shares that do not sum to 1', () => {
    const document = twoRegionDocument();
    document.regions[1].ageShares = [0.25, 0.7499];
    const problems = checkScenario(document);
    expect(problems.map((p) => p.path)).toEqual(['regions[1].ageShares']);
    expect(problems[0]!.received).toBe('sum 0.9999');
  });

  it('accepts age shares within 1e-6 of 1', () => {
    const document = twoRegionDocument();
    document.regions[1].ageShares = [0.25, 0.7500009];
    expect(pathsOf(document)).toEqual([]);
  });

  it('reports tables of the wrong size for the age bands', () => {
    const document = twoRegionDocument();
    document.regions[0].populationByAge = [1000, 2000, 1000];
    document.epidemiology.hospitalisedPercentByAge = [1];
    document.transmission.contactsPerDay.work = [[1, 2, 3], [1, 2, 3], [1, 2, 3]];
    document.transmission.contactsPerDay.home[1] = [1];
    expect(pathsOf(document)).toEqual([
      'regions[0].populationByAge',
      'epidemiology.hospitalisedPercentByAge',
      'transmission.contactsPerDay.home[1]',
      'transmission.contactsPerDay.work',
      'transmission.contactsPerDay.work[0]',
      'transmission.contactsPerDay.work[1]',
      'transmission.contactsPerDay.work[2]',
    ]);
  });

  it('reports severity defaults that do not fit the age bands', () => {
    const document = twoRegionDocument();
    delete document.epidemiology.infectionFatalityPercentByAge;
    expect(pathsOf(document)).toEqual(['epidemiology.infectionFatalityPercentByAge']);
  });

  it('reports more hospitalised than symptomatic cases', () => {
    const document = twoRegionDocument();
    document.epidemiology.asymptomaticFraction = { dist: 'uniform', min: 0.5, max: 0.95 };
    expect(pathsOf(document)).toEqual(['epidemiology.hospitalisedPercentByAge[1]']);
  });

  it('reports contact matrices that are all zero', () => {
    const document = twoRegionDocument();
    for (const setting of ['home', 'work', 'school', 'other']) {
      document.transmission.contactsPerDay[setting] = [[0, 0], [0, 0]];
    }
    expect(pathsOf(document)).toEqual(['transmission.contactsPerDay']);
  });

  it('reports unknown regions wherever a region is named', () => {
    const document = twoRegionDocument();
    document.seeding = [{ region: 'XA-09', date: '2020-03-02', infections: 1 }];
    document.testing = {
      sites: [{ region: 'XA-08', kind: 'drive_through', opens: '2020-03-01', testsPerDayPerSite: 1 }],
      seeking: [{ from: '2020-03-01', regions: ['XA-01', 'XA-07'], mildShare: 0.1, severeShare: 0.1 }],
    };
    document.tracing = {
      staff: [{ from: '2020-03-01', regions: ['XA-06'], tracers: 1 }],
      clusters: [
        { region: 'XA-05', dateFound: '2020-03-02', linkedPersons: 1, infectedFraction: 0.5, investigationPerDay: 1 },
      ],
    };
    document.care = {
      wardBeds: [{ from: '2020-03-01', regions: ['XA-04'], beds: 1 }],
      transfers: [{ origin: 'XA-03', destinations: ['ZZ-1'], start: '2020-03-01', patientsPerDay: 1 }],
    };
    document.interventions = { distancing: [{ start: '2020-03-01', regions: ['XA-10'] }] };
    expect(pathsOf(document)).toEqual([
      'seeding[0].region',
      'testing.sites[0].region',
      'testing.seeking[0].regions[1]',
      'tracing.staff[0].regions[0]',
      'tracing.clusters[0].region',
      'care.wardBeds[0].regions[0]',
      'care.transfers[0].origin',
      'care.transfers[0].destinations[0]',
      'interventions.distancing[0].regions[0]',
    ]);
  });

  it('skips region references while a region code is malformed', () => {
    const document = twoRegionDocument();
    document.regions[1].code = 'B';
    document.seeding = [{ region: 'XA-09', date: '2020-03-02', infections: 1 }];
    expect(pathsOf(document)).toEqual([]);
  });

  it('reports dates out of order', () => {
    const document = twoRegionDocument();
    document.testing = {
      sites: [
        { region: 'XA-01', kind: 'drive_through', opens: '2020-03-05', closes: '2020-03-04', testsPerDayPerSite: 1 },
      ],
    };
    document.care = {
      transfers: [
        { origin: 'XA-01', destinations: ['XA-02'], start: '2020-03-05', end: '2020-03-01', patientsPerDay: 1 },
      ],
    };
    document.interventions = { distancing: [{ start: '2020-03-05', end: '2020-03-02' }] };
    expect(pathsOf(document)).toEqual([
      'testing.sites[0].closes',
      'interventions.distancing[0].end',
      'care.transfers[0].end',
    ]);
  });

  it('reports dates before the simulation start', () => {
    const document = twoRegionDocument();
    document.seeding = [
      { region: 'XA-01', date: '2020-02-29', infections: 1 },
      { region: 'XA-01', date: '2020-03-10', infections: 1 },
    ];
    document.tracing = {
      clusters: [
        { region: 'XA-01', dateFound: '2020-02-28', linkedPersons: 1, infectedFraction: 0.5, investigationPerDay: 1 },
      ],
    };
    expect(pathsOf(document)).toEqual(['seeding[0].date', 'tracing.clusters[0].dateFound']);
  });

  it('rejects seeding above the population', () => {
    const document = twoRegionDocument();
    document.seeding = [
      { region: 'XA-01', date: '2020-03-02', infections: 3000 },
      { region: 'XA-01', date: '2020-03-05', infections: 1500 },
      { region: 'XA-02', date: '2020-03-05', infections: 2000 },
    ];
    const problems = checkScenario(document);
    expect(problems.map((problem) => problem.path)).toEqual(['seeding[1].infections']);
    expect(problems[0]!.message).toContain('after 3000 seeded by the entries before it, but the region has 4000 residents');
    expect(problems[0]!.message).toContain('give at most 1000');
  });

  it('reports only the entry that takes a region past its residents', () => {
    const document = twoRegionDocument();
    document.seeding = [
      { region: 'XA-01', date: '2020-03-02', infections: 5000 },
      { region: 'XA-01', date: '2020-03-05', infections: 300 },
      { region: 'XA-01', date: '2020-03-06', infections: 200.5 },
    ];
    const problems = checkScenario(document);
    expect(problems.map((problem) => problem.path)).toEqual(['seeding[0].infections']);
    expect(problems[0]!.message).toContain('give at most 3499, which leaves room for the 500.5 that later entries seed there');
  });

  it('accepts seeding and clusters after end', () => {
    const document = twoRegionDocument();
    document.seeding = [{ region: 'XA-01', date: '2020-03-11', infections: 1 }];
    document.tracing = {
      clusters: [
        { region: 'XA-01', dateFound: '2020-03-11', linkedPersons: 1, infectedFraction: 0.5, investigationPerDay: 1 },
      ],
    };
    expect(pathsOf(document)).toEqual([]);
  });

  it('reports only the simulation dates when they are out of order', () => {
    const document = twoRegionDocument();
    document.simulation.end = '2020-02-01';
    document.seeding = [{ region: 'XA-01', date: '2020-03-02', infections: 1 }];
    expect(pathsOf(document)).toEqual(['simulation.end']);
  });

  it('reports seeding age bands that do not exist or come twice', () => {
    const document = twoRegionDocument();
    document.seeding = [
      { region: 'XA-01', date: '2020-03-02', infections: 1, ageBands: ['young', 'middle'] },
      { region: 'XA-01', date: '2020-03-02', infections: 1, ageBands: ['young'], ageShares: [1, 0] },
      { region: 'XA-01', date: '2020-03-02', infections: 1, ageShares: [0.5, 0.6] },
    ];
    expect(pathsOf(document)).toEqual(['seeding[0].ageBands[1]', 'seeding[1]', 'seeding[2].ageShares']);
  });

  it('reports a group transfer from a region without bed group', () => {
    const document = twoRegionDocument();
    delete document.regions[0].bedGroup;
    document.care = { transfers: [{ origin: 'XA-01', destinations: 'group', start: '2020-03-01', patientsPerDay: 1 }] };
    expect(pathsOf(document)).toEqual(['care.transfers[0].destinations']);
  });

  it('reports mobility that sends more than all contacts away', () => {
    const document = twoRegionDocument();
    document.transmission.mobility.scale = 50;
    expect(pathsOf(document)).toEqual(['transmission.mobility.scale']);
    const [problem] = checkScenario(document);
    expect(problem?.message).toMatch(/sends a share of [\d.]+ of the out-of-home contacts of XA-0\d to other regions, above 1/);
  });

  it('gives the largest scale that keeps every share at most 1', () => {
    const document = twoRegionDocument();
    document.transmission.mobility.scale = 50;
    const largest = Number(/at most ([\d.e-]+)/.exec(checkScenario(document)[0]?.message ?? '')?.[1]);
    document.transmission.mobility.scale = largest * 0.999;
    expect(pathsOf(document)).toEqual([]);
    document.transmission.mobility.scale = largest * 1.01;
    expect(pathsOf(document)).toEqual(['transmission.mobility.scale']);
  });

  it('reports a mobility table that does not fit the regions', () => {
    const document = twoRegionDocument();
    document.transmission.mobility.order = ['XA-01'];
    document.transmission.mobility.flowsPerYear = [[0, 1, 2]];
    expect(pathsOf(document)).toEqual(['transmission.mobility.order', 'transmission.mobility.flowsPerYear[0]']);
  });

  it('reports missing coordinates for a distance decay', () => {
    const document = twoRegionDocument();
    document.transmission.mobility.distanceDecayKm = 50;
    delete document.regions[1].longitude;
    expect(pathsOf(document)).toEqual(['regions[1].longitude']);
  });

  it('reports a repeated demand class', () => {
    const document = twoRegionDocument();
    document.testing = { priority: ['contacts', 'screening', 'contacts'] };
    expect(pathsOf(document)).toEqual(['testing.priority[2]']);
  });

  it('reports a horizon above ten years', () => {
    const document = twoRegionDocument();
    document.simulation.end = '2120-01-01';
    const problems = checkScenario(document);
    expect(problems.map((p) => p.path)).toEqual(['simulation.end']);
    expect(problems[0]!.received).toBe('"2120-01-01"');
    expect(problems[0]!.expected).toBe('a date from 2020-03-01 to 2030-03-01, at most 3653 simulated days');
    expect(problems[0]!.message).toContain('makes 36465 simulated days');
    expect(problems[0]!.message).toContain('more than the maximum of 3653');
  });

  it('accepts a horizon of exactly 3653 days', () => {
    const document = twoRegionDocument();
    document.simulation.end = '2030-03-01';
    expect(pathsOf(document)).toEqual([]);
    document.simulation.end = '2030-03-02';
    expect(pathsOf(document)).toEqual(['simulation.end']);
  });

  it('reports a susceptibility of 0 in every age band', () => {
    const document = twoRegionDocument();
    document.transmission.susceptibilityByAge = [0, 0];
    const problems = checkScenario(document);
    expect(problems.map((p) => p.path)).toEqual(['transmission.susceptibilityByAge']);
    expect(problems[0]!.received).toBe('[0,0]');
  });

  it('reports regions that all have no residents', () => {
    const document = twoRegionDocument();
    document.regions[0].populationByAge = [0, 0];
    document.regions[1].populationTotal = 0;
    document.seeding = [{ region: 'XA-01', date: '2020-03-02', infections: 5 }];
    // The seeding entry is not reported on its own, because the missing residents are the one mistake.
    expect(pathsOf(document)).toEqual(['regions']);
  });

  it('reports contacts that form no chain of infection', () => {
    const document = twoRegionDocument();
    // The young meet only the old, and only the young are susceptible, so an infection cannot come back.
    document.transmission.susceptibilityByAge = [1, 0];
    for (const setting of ['home', 'work', 'school', 'other']) {
      document.transmission.contactsPerDay[setting] = [[0, 1], [0, 0]];
    }
    expect(pathsOf(document)).toEqual(['transmission.contactsPerDay']);
  });

  it('accepts contacts that chain through another age band', () => {
    const document = twoRegionDocument();
    for (const setting of ['home', 'work', 'school', 'other']) {
      document.transmission.contactsPerDay[setting] = [[0, 1], [1, 0]];
    }
    expect(pathsOf(document)).toEqual([]);
  });

  it('reports seeding in a region without residents', () => {
    const document = twoRegionDocument();
    document.regions[1].populationTotal = 0;
    document.seeding = [
      { region: 'XA-02', date: '2020-03-02', infections: 5 },
      { region: 'XA-02', date: '2020-03-03', infections: 0 },
    ];
    const problems = checkScenario(document);
    expect(problems.map((p) => p.path)).toEqual(['seeding[0].region']);
    expect(problems[0]!.message).toContain('seeds 5 infections in region XA-02, which has no residents');
  });

  it('reports seeding in age bands without residents', () => {
    const document = twoRegionDocument();
    document.regions[0].populationByAge = [1000, 0];
    document.seeding = [
      { region: 'XA-01', date: '2020-03-02', infections: 5, ageBands: ['old'] },
      { region: 'XA-01', date: '2020-03-02', infections: 5, ageShares: [0.5, 0.5] },
      { region: 'XA-01', date: '2020-03-02', infections: 5, ageBands: ['young', 'old'] },
      { region: 'XA-01', date: '2020-03-02', infections: 5, ageShares: [1, 0] },
    ];
    const problems = checkScenario(document);
    expect(problems.map((p) => p.path)).toEqual(['seeding[0].ageBands', 'seeding[1].ageShares']);
    expect(problems[0]!.message).toContain('puts infections in age band old, which has no residents in region XA-01 to infect');
  });

  it('reports seeding above the residents of an age band', () => {
    const document = twoRegionDocument();
    document.regions[0].populationByAge = [1000, 9000];
    document.seeding = [
      { region: 'XA-01', date: '2020-03-02', infections: 900, ageShares: [0.9, 0.1] },
      { region: 'XA-01', date: '2020-03-03', infections: 400, ageBands: ['old'] },
      { region: 'XA-01', date: '2020-03-04', infections: 1000, ageShares: [0.2, 0.8] },
    ];
    const problems = checkScenario(document);
    expect(problems.map((p) => p.path)).toEqual(['seeding[2].infections']);
    expect(problems[0]!.message).toContain(
      'puts 200 infections in age band young of XA-01, after 810 seeded there by the entries before it, but the band has 1000 residents',
    );
  });

  it('accepts seeding that fills an age band exactly', () => {
    const document = twoRegionDocument();
    document.regions[0].populationByAge = [1000, 9000];
    document.seeding = [
      { region: 'XA-01', date: '2020-03-02', infections: 1000, ageShares: [1, 0] },
      { region: 'XA-01', date: '2020-03-02', infections: 9000, ageBands: ['old'] },
    ];
    expect(pathsOf(document)).toEqual([]);
  });

  it('reports timeline entries that set two values on one date', () => {
    const document = twoRegionDocument();
    document.tracing = {
      identified: [
        { from: '2020-03-01', fraction: 0.5 },
        { from: '2020-03-05', fraction: 0.6 },
        { from: '2020-03-01', fraction: 0.7 },
      ],
    };
    document.care = {
      wardBeds: [
        { from: '2020-03-01', regions: ['XA-01', 'XA-02'], beds: 10 },
        { from: '2020-03-01', regions: ['XA-02'], beds: 20 },
      ],
    };
    document.testing = {
      labCapacity: {
        national: [
          { from: '2020-03-01', testsPerDay: 100 },
          { from: '2020-03-01', testsPerDay: 200 },
        ],
      },
    };
    const problems = checkScenario(document);
    expect(problems.map((p) => p.path)).toEqual([
      'testing.labCapacity.national[1].from',
      'tracing.identified[2].from',
      'care.wardBeds[1].from',
    ]);
    expect(problems[1]!.message).toContain('repeats the date of tracing.identified[0] for every region');
    expect(problems[2]!.message).toContain('repeats the date of care.wardBeds[0] for region XA-02');
  });

  it('accepts timeline entries on one date that do not conflict', () => {
    const document = twoRegionDocument();
    document.testing = {
      seeking: [
        { from: '2020-03-01', mildShare: { dist: 'uniform', min: 0.1, max: 0.2 }, severeShare: 0.5 },
        { from: '2020-03-01', mildShare: { max: 0.2, min: 0.1, dist: 'uniform' }, severeShare: 0.5, note: 'same' },
        { from: '2020-03-01', regions: ['XA-01'], mildShare: 0.3, severeShare: 0.6 },
      ],
    };
    document.care = {
      icuBeds: [
        { from: '2020-03-01', regions: ['XA-01'], beds: 1 },
        { from: '2020-03-01', regions: ['XA-02'], beds: 2 },
      ],
    };
    expect(pathsOf(document)).toEqual([]);
  });

  it('names the regions of the mobility order in a length problem', () => {
    const document = twoRegionDocument();
    document.transmission.mobility.flowsPerYear = [[0, 100]];
    const problems = checkScenario(document);
    expect(problems.map((p) => p.message)).toEqual([
      'transmission.mobility.flowsPerYear has 1 entries but there are 2 regions in transmission.mobility.order, ' +
        'so give one value per region in transmission.mobility.order.',
    ]);
  });

  it('runs on a document that is not an object', () => {
    expect(checkScenario(null)).toEqual([]);
    expect(checkScenario([1, 2])).toEqual([]);
  });
});
