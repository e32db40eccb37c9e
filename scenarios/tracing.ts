import type { Cluster, Tracing } from '../engine/index.js';

import { dayIndexOf } from './calendar.js';
import type { ResolvedScenario } from './distributions.js';
import { tabulateTimeline, type TimelineFrame } from './timeline.js';

/**
 * Compiles the tracing group. Tracing capacity per day and region is tracers x
 * casesPerTracerPerDay. With `tracing.enabled` false the capacity is 0 and no cluster is
 * investigated.
 */
export function compileTracing(scenario: ResolvedScenario, frame: TimelineFrame): Tracing {
  const { tracing } = scenario;
  const cells = frame.dayCount * frame.regionIndex.size;

  const clusters: Cluster[] = tracing.enabled
    ? tracing.clusters.map((cluster, i) => {
        const region = frame.regionIndex.get(cluster.region);
        if (region === undefined) {
          throw new RangeError(`tracing.clusters[${i}].region names unknown region ${cluster.region}`);
        }
        return {
          region,
          dayFound: dayIndexOf(cluster.dateFound, frame.startDate),
          linkedPersons: cluster.linkedPersons,
          infectedFraction: cluster.infectedFraction,
          investigationPerDay: cluster.investigationPerDay,
          infectedFirstOdds: cluster.infectedFirstOdds,
        };
      })
    : [];

  return {
    enabled: tracing.enabled,
    capacityPerDay: tracing.enabled
      ? tabulateTimeline(tracing.staff, (step) => step.tracers * tracing.casesPerTracerPerDay, 0, frame)
      : new Float64Array(cells),
    delayDays: tracing.delayDays,
    identifiedFraction: tabulateTimeline(tracing.identified, (step) => step.fraction, 0, frame),
    uninfectedContactsPerCase: tracing.uninfectedContactsPerCase,
    entryTestedUninfected: tabulateTimeline(tracing.entryTests, (step) => step.uninfectedShare, 1, frame),
    entryTestedInfected: tabulateTimeline(tracing.entryTests, (step) => step.infectedShare, 1, frame),
    quarantineDays: tracing.quarantineDays,
    quarantineRetestPerDay: tracing.quarantineRetestPerDay,
    quarantineCompliance: tracing.quarantineCompliance,
    isolationCompliance: tracing.isolationCompliance,
    pendingCompliance: tracing.pendingCompliance,
    clusters,
  };
}
