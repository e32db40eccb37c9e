import type { CompiledModel } from './model.js';
import type { Workspace } from './workspace.js';
import { writeDayRates } from './cell-rates.js';
import { CLUSTER_INFECTED, CLUSTER_LINKED, CLUSTER_SLOTS, D, STATE_COUNT } from './layout.js';

/** Settings of the contact multiplier table: home, work, school, other. */
const SETTING_COUNT = 4;

/**
 * Refreshes the values that stay fixed for one simulated day: the flow rates that do not depend on
 * the state, the contact matrices after distancing,
 * the test capacity after laboratory limits, the population present in each region for mixing, and
 * clusters found on this day.
 *
 * Test capacity per region is the smaller of its sites and its laboratories; when the regions together
 * exceed the national laboratory limit, every region is scaled down by the same factor.
 */
export function prepareDay(model: CompiledModel, ws: Workspace, state: Float64Array, day: number): void {
  writeDayRates(model, ws, day);
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const { transmission, testing } = model;

  for (let r = 0; r < regions; r++) {
    const m = (day * regions + r) * SETTING_COUNT;
    const home = transmission.settingMultiplier[m]!;
    const work = transmission.settingMultiplier[m + 1]!;
    const school = transmission.settingMultiplier[m + 2]!;
    const other = transmission.settingMultiplier[m + 3]!;
    const base = r * bands * bands;
    for (let i = 0; i < bands * bands; i++) {
      ws.contactsHome[base + i] = home * transmission.contactsHome[i]!;
      ws.contactsOut[base + i] =
        work * transmission.contactsWork[i]! +
        school * transmission.contactsSchool[i]! +
        other * transmission.contactsOther[i]!;
    }
  }

  let nationalCapacity = 0;
  for (let r = 0; r < regions; r++) {
    const i = day * regions + r;
    const capacity = Math.min(testing.siteCapacity[i]!, testing.labCapacityRegional[i]!);
    ws.testCapacity[r] = capacity;
    nationalCapacity += capacity;
  }
  const nationalLimit = testing.labCapacityNational[day]!;
  if (nationalCapacity > nationalLimit) {
    const scale = nationalLimit / nationalCapacity;
    for (let r = 0; r < regions; r++) ws.testCapacity[r] = ws.testCapacity[r]! * scale;
  }

  // Residents of r spend a share mobility[r][s] of their out-of-home contacts in s.
  ws.presentPopulation.fill(0);
  for (let r = 0; r < regions; r++) {
    for (let a = 0; a < bands; a++) {
      const cell = r * bands + a;
      const alive = model.population[cell]! - state[cell * STATE_COUNT + D]!;
      for (let s = 0; s < regions; s++) {
        ws.presentPopulation[s * bands + a] = ws.presentPopulation[s * bands + a]! + transmission.mobility[r * regions + s]! * alive;
      }
    }
  }

  // A cluster found today starts its investigation. Its infected members are an expected count:
  // the people they stand for are drawn from the region's undetected infected, at a rate that the
  // tracing step caps by that pool, so members infected after the cluster was found count too.
  const clusters = model.tracing.clusters;
  for (let c = 0; c < clusters.length; c++) {
    const cluster = clusters[c]!;
    if (cluster.dayFound !== day) continue;
    const slot = ws.layout.clusterOffset + c * CLUSTER_SLOTS;
    state[slot + CLUSTER_LINKED] = cluster.linkedPersons;
    state[slot + CLUSTER_INFECTED] = cluster.linkedPersons * cluster.infectedFraction;
  }
}
