import type { Care } from '../engine/index.js';

import { dayIndexOf } from './calendar.js';
import type { ResolvedScenario } from './distributions.js';
import { tabulateTimeline, type TimelineFrame } from './timeline.js';

/** Transfer capacity and allowed routes per day. */
export interface TransferTables {
  /** Patients per day that can leave each region, `[d * regionCount + r]`. */
  transferCapacity: Float64Array;
  /** 1 where a route from one region to another is open, `[(d * regionCount + from) * regionCount + to]`. */
  transferAllowed: Uint8Array;
}

/**
 * Tabulates the transfer routes. A route is open from `start` to `end` inclusive. Its
 * patientsPerDay add to the origin's capacity, and it allows its destinations, which are the listed
 * regions or, for `"group"`, every other region with the origin's bedGroup. A route never allows
 * the origin itself.
 */
export function transferTables(
  scenario: Pick<ResolvedScenario, 'regions'> & { care: Pick<ResolvedScenario['care'], 'transfers'> },
  frame: TimelineFrame,
): TransferTables {
  const { dayCount, regionIndex } = frame;
  const regionCount = regionIndex.size;
  const transferCapacity = new Float64Array(dayCount * regionCount);
  const transferAllowed = new Uint8Array(dayCount * regionCount * regionCount);

  for (const [i, route] of scenario.care.transfers.entries()) {
    const origin = regionIndex.get(route.origin);
    if (origin === undefined) throw new RangeError(`care.transfers[${i}].origin names unknown region ${route.origin}`);
    const destinations = destinationsOf(scenario, route.destinations, origin, regionIndex, i);
    const first = Math.max(0, dayIndexOf(route.start, frame.startDate));
    const endDay = route.end === undefined ? dayCount - 1 : dayIndexOf(route.end, frame.startDate);
    const last = Math.min(dayCount - 1, endDay);
    for (let d = first; d <= last; d++) {
      transferCapacity[d * regionCount + origin]! += route.patientsPerDay;
      for (const to of destinations) transferAllowed[(d * regionCount + origin) * regionCount + to] = 1;
    }
  }
  return { transferCapacity, transferAllowed };
}

function destinationsOf(
  scenario: Pick<ResolvedScenario, 'regions'>,
  destinations: 'group' | string[],
  origin: number,
  regionIndex: ReadonlyMap<string, number>,
  routeIndex: number,
): number[] {
  if (destinations === 'group') {
    const group = scenario.regions[origin]!.bedGroup;
    if (group === undefined) {
      throw new RangeError(`care.transfers[${routeIndex}] uses "group" but its origin has no bedGroup`);
    }
    return scenario.regions.flatMap((region, index) => (index !== origin && region.bedGroup === group ? [index] : []));
  }
  return destinations.flatMap((code) => {
    const index = regionIndex.get(code);
    if (index === undefined) {
      throw new RangeError(`care.transfers[${routeIndex}].destinations names unknown region ${code}`);
    }
    return index === origin ? [] : [index];
  });
}

/**
 * Compiles the care group. With `care.capacityLimits` false every tier has unlimited beds and
 * there are no transfers.
 *
 * @param waitingWardFatalityFraction per age band, from the severity conversion
 */
export function compileCare(
  scenario: ResolvedScenario,
  frame: TimelineFrame,
  waitingWardFatalityFraction: Float64Array,
): Care {
  const { care } = scenario;
  const cells = frame.dayCount * frame.regionIndex.size;
  const limited = care.capacityLimits;
  const beds = (steps: ResolvedScenario['care']['wardBeds']): Float64Array =>
    limited ? tabulateTimeline(steps, (step) => step.beds, 0, frame) : new Float64Array(cells).fill(Infinity);
  const transfers = limited
    ? transferTables(scenario, frame)
    : {
        transferCapacity: new Float64Array(cells),
        transferAllowed: new Uint8Array(cells * frame.regionIndex.size),
      };

  return {
    rtcCapacity: beds(care.rtcBeds),
    wardCapacity: beds(care.wardBeds),
    icuCapacity: beds(care.icuBeds),
    rtcShare: tabulateTimeline(care.rtcShare, (step) => step.share, 0, frame),
    admissionDays: care.admissionDays,
    mildCareDays: care.mildCareDays,
    wardStayDays: care.wardStayDays,
    icuStayDays: care.icuStayDays,
    stepDownDays: care.stepDownDays,
    overflowFatalityFactor: care.overflowFatalityFactor,
    waitingWardFatalityFraction,
    transferCapacity: transfers.transferCapacity,
    transferAllowed: transfers.transferAllowed,
  };
}
