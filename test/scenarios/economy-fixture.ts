/**
 * Builds a small scenario with an epidemic that testing, tracing and isolation act on, and an
 * economy group whose figures are round enough to check by hand. It has 100,000 households, of
 * sizes 1 to 4+ in shares 0.4, 0.3, 0.2 and 0.1, and one universal payment of 100 to 400 by size:
 * 200 per household on average and 20,000,000 when everyone is paid.
 */
export function economyDocument(): Record<string, any> {
  const contacts = [
    [4, 1.5],
    [1.5, 2.5],
  ];
  return {
    name: 'Two regions with relief',
    simulation: { start: '2020-02-01', end: '2020-05-31', mode: 'deterministic', solver: 'rk4', stepDays: 0.5 },
    ageBands: ['0-59', '60+'],
    regions: [
      { code: 'XA-01', name: 'North', populationByAge: [400_000, 100_000], latitude: 0, longitude: 0 },
      { code: 'XA-02', name: 'South', populationByAge: [200_000, 50_000], latitude: 0, longitude: 1 },
    ],
    epidemiology: {
      hospitalisedPercentByAge: [1, 10],
      criticalPercentOfHospitalisedByAge: [10, 30],
      infectionFatalityPercentByAge: [0.02, 2],
    },
    transmission: {
      r0: 2.4,
      contactsPerDay: { home: contacts, work: contacts, school: contacts, other: contacts },
      mobility: { order: ['XA-01', 'XA-02'], flowsPerYear: [[0, 20_000], [20_000, 0]], scale: 1 },
    },
    seeding: [
      { region: 'XA-01', date: '2020-02-05', infections: 60, spreadDays: 4 },
      { region: 'XA-02', date: '2020-02-20', infections: 20, spreadDays: 3 },
    ],
    testing: {
      sites: [
        { region: 'XA-01', kind: 'drive_through', opens: '2020-02-01', count: 20, testsPerDayPerSite: 200 },
        { region: 'XA-02', kind: 'screening_clinic', opens: '2020-02-10', count: 10, testsPerDayPerSite: 100 },
      ],
      seeking: [{ from: '2020-02-01', mildShare: 0.5, severeShare: 0.9 }],
    },
    tracing: {
      staff: [{ from: '2020-02-01', tracers: 40 }],
      identified: [{ from: '2020-02-01', fraction: 0.5 }],
    },
    care: {
      rtcBeds: [{ from: '2020-02-01', beds: 500 }],
      wardBeds: [{ from: '2020-02-01', beds: 400 }],
      icuBeds: [{ from: '2020-02-01', beds: 40 }],
      rtcShare: [{ from: '2020-02-01', share: 0.5 }],
    },
    interventions: {
      distancing: [{ start: '2020-03-01', end: '2020-04-15', multipliers: { work: 0.6, other: 0.5 } }],
    },
    economy: {
      currency: 'KRW',
      currencyPerUsd: 1000,
      households: { total: 100_000, sizeShares: [0.4, 0.3, 0.2, 0.1] },
      income: {
        monthlyPerHouseholdByQuintile: [1000, 2000, 3000, 4000, 8000],
        distancingElasticityByQuintile: [0.4, 0.3, 0.2, 0.15, 0.1],
        consumptionShareByQuintile: [1, 0.8, 0.7, 0.6, 0.5],
        consumptionDistancingElasticity: 0.2,
      },
      relief: {
        payments: [
          {
            name: 'Universal payment',
            from: '2020-03-10',
            to: '2020-03-20',
            amountPerHouseholdBySize: [100, 200, 300, 400],
            channel: 'card_points',
            expires: '2020-04-30',
            uptake: [
              { date: '2020-03-12', share: 0.5 },
              { date: '2020-03-20', share: 0.8 },
            ],
          },
        ],
        consumptionEffect: { propensityToConsume: 0.3 },
        complianceEffect: { leakageReductionFraction: 0.5 },
      },
      costs: {
        testingSitePerDay: { drive_through: 3000, screening_clinic: 1000 },
        perTest: 50,
        perTracerPerDay: 200,
        occupiedBedPerDay: { rtc: 100, ward: 300, icu: 3000 },
        rtcBedOpenPerDay: 80,
        vaccinationTransportPerPerson: 20,
      },
    },
  };
}
