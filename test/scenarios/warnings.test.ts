import { describe, expect, it } from 'vitest';

import { scenarioWarnings } from '../../scenarios/warnings.js';
import { shippedDocument, twoRegionDocument, validOrThrow } from './fixtures.js';

describe('scenarioWarnings', () => {
  it('has none for the shipped scenarios', () => {
    expect(scenarioWarnings(validOrThrow(shippedDocument('korea-2020.json')))).toEqual([]);
    expect(scenarioWarnings(validOrThrow(shippedDocument('test-single-region.json')))).toEqual([]);
  });

  it('warns about inputs after the end and empty tables', () => {
    const document = twoRegionDocument();
    document.testing = {
      sites: [{ region: 'XA-01', kind: 'drive_through', opens: '2020-04-01', testsPerDayPerSite: 1 }],
    };
    document.tracing = { staff: [{ from: '2020-03-01', tracers: 1 }] };
    document.care = {
      wardBeds: [{ from: '2020-03-01', beds: 1 }],
      icuBeds: [{ from: '2020-03-01', beds: 1 }],
      rtcBeds: [{ from: '2020-03-01', beds: 1 }],
    };
    document.interventions = { distancing: [{ start: '2020-03-20' }] };
    document.seeding = [{ region: 'XA-01', date: '2020-03-08', infections: 1, spreadDays: 5 }];
    const warnings = scenarioWarnings(validOrThrow(document));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('testing.sites[0].opens');
    expect(warnings[1]).toContain('interventions.distancing[0].start');
    expect(warnings[2]).toContain('seeding[0].spreadDays');
    expect(warnings[2]).toContain('2020-03-12');
  });

  it('warns about a distancing period that ends before the start', () => {
    const document = twoRegionDocument();
    const start = validOrThrow(document).simulation.start;
    document.interventions = {
      distancing: [
        { start: '2019-12-01', end: '2019-12-31' },
        { start: '2019-12-01', end: start },
      ],
    };
    const warnings = scenarioWarnings(validOrThrow(document)).filter((w) => w.startsWith('interventions.'));
    expect(warnings).toEqual([
      `interventions.distancing[0].end: the period ends on 2019-12-31, before the simulation starts (${start}), so it has no effect.`,
    ]);
  });

  it('warns about seeding and clusters after the end', () => {
    const document = twoRegionDocument();
    document.seeding = [{ region: 'XA-01', date: '2020-03-12', infections: 1 }];
    document.tracing = {
      staff: [{ from: '2020-03-01', tracers: 1 }],
      clusters: [
        { region: 'XA-02', dateFound: '2020-03-15', linkedPersons: 1, infectedFraction: 0.5, investigationPerDay: 1 },
      ],
    };
    const warnings = scenarioWarnings(validOrThrow(document)).filter((w) => !w.startsWith('testing.') && !w.startsWith('care.'));
    expect(warnings).toEqual([
      'tracing.clusters[0].dateFound: the cluster is found on 2020-03-15, after the simulation ends (2020-03-10), so it has no effect.',
      'seeding[0].date: the seeding starts on 2020-03-12, after the simulation ends (2020-03-10), so it has no effect.',
    ]);
  });

  it('warns about a cluster larger than its region', () => {
    const document = twoRegionDocument();
    document.tracing = {
      staff: [{ from: '2020-03-01', tracers: 1 }],
      clusters: [
        { region: 'XA-02', dateFound: '2020-03-05', linkedPersons: 2001, infectedFraction: 0.5, investigationPerDay: 1 },
        { region: 'XA-01', dateFound: '2020-03-05', linkedPersons: 4000, infectedFraction: 0.5, investigationPerDay: 1 },
      ],
    };
    const warnings = scenarioWarnings(validOrThrow(document)).filter((w) => w.startsWith('tracing.'));
    expect(warnings).toEqual([
      'tracing.clusters[0].linkedPersons: the cluster links 2001 people, more than the 2000 who live in XA-02, so check the figure.',
    ]);
  });

  it('warns about timeline entries after the end', () => {
    const document = twoRegionDocument();
    document.tracing = {
      staff: [{ from: '2020-03-01', tracers: 1 }],
      entryTests: [
        { from: '2020-03-05', uninfectedShare: 0.5, infectedShare: 0.5 },
        { from: '2020-04-01', uninfectedShare: 0.1, infectedShare: 0.1 },
      ],
    };
    const warnings = scenarioWarnings(validOrThrow(document)).filter((w) => w.startsWith('tracing.'));
    expect(warnings).toEqual([
      'tracing.entryTests[1].from: the entry applies from 2020-04-01, after the simulation ends (2020-03-10), so it has no effect.',
    ]);
  });

  it('groups the late entries of one list', () => {
    const document = twoRegionDocument();
    document.seeding = [
      { region: 'XA-01', date: '2020-03-01', infections: 1 },
      ...['2020-03-11', '2020-03-12', '2020-03-14', '2020-03-20'].map((date) => ({ region: 'XA-01', date, infections: 1 })),
      { region: 'XA-02', date: '2020-03-05', infections: 1 },
      { region: 'XA-02', date: '2020-03-30', infections: 1 },
      { region: 'XA-02', date: '2020-03-08', infections: 10, spreadDays: 5 },
      { region: 'XA-01', date: '2020-03-09', infections: 10, spreadDays: 10 },
    ];
    const warnings = scenarioWarnings(validOrThrow(document)).filter((w) => w.startsWith('seeding'));
    expect(warnings).toEqual([
      'seeding: 5 entries (positions 1 to 4 and 6) start between 2020-03-11 and 2020-03-30 (their date), after the ' +
        'simulation ends (2020-03-10), so they have no effect.',
      'seeding: 2 entries (positions 7 and 8) spread their infections until dates between 2020-03-12 and 2020-03-18, ' +
        'past the simulation end (2020-03-10), and those after the end are dropped.',
    ]);
  });

  it('warns about missing sites, staff and beds', () => {
    const document = twoRegionDocument();
    document.care = { rtcShare: [{ from: '2020-03-01', share: 0.5 }] };
    const warnings = scenarioWarnings(validOrThrow(document));
    expect(warnings.filter((w) => w.startsWith('care.')).length).toBe(3);
    expect(warnings.some((w) => w.startsWith('testing.sites'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('tracing.staff'))).toBe(true);
  });

  it('skips treatment-centre beds nobody is sent to', () => {
    const document = twoRegionDocument();
    document.care = {
      wardBeds: [{ from: '2020-03-01', beds: 1 }],
      icuBeds: [{ from: '2020-03-01', beds: 1 }],
      rtcShare: [{ from: '2020-03-01', share: 0 }],
    };
    const warnings = scenarioWarnings(validOrThrow(document));
    expect(warnings.filter((w) => w.startsWith('care.'))).toEqual([]);
  });

  it('warns when nothing is seeded', () => {
    const document = twoRegionDocument();
    document.seeding = [];
    const warnings = scenarioWarnings(validOrThrow(document));
    expect(warnings.filter((warning) => warning.startsWith('seeding is empty, so no infection enters'))).toHaveLength(1);
  });

  it('warns when the fatality caps bind', () => {
    const document = twoRegionDocument();
    document.epidemiology.infectionFatalityPercentByAge = [0.01, 5];
    document.testing = { enabled: false };
    document.tracing = { enabled: false };
    document.care = { capacityLimits: false, waitingWardFatalityFactor: 2 };
    document.seeding = [{ region: 'XA-01', date: '2020-03-05', infections: 1 }];
    // ICU fatality 0.05 / (0.1 x 0.3) = 1.67; fatality without a ward bed 2 x 0.05 / 0.1 = 1.
    const warnings = scenarioWarnings(validOrThrow(document));
    expect(warnings.length).toBe(2);
    expect(warnings[0]).toContain('age band old');
    expect(warnings[0]).toContain('capped at 0.95');
    expect(warnings[1]).toContain('care.waitingWardFatalityFactor');
  });
});
