import type { Scenario } from './scenario.js';

/** Great-circle distance between two points given in degrees, in km, by the haversine formula. */
export function distanceKm(latitudeA: number, longitudeA: number, latitudeB: number, longitudeB: number): number {
  const EARTH_MEAN_RADIUS_KM = 6371.0088;
  const radians = Math.PI / 180;
  const dLatitude = (latitudeB - latitudeA) * radians;
  const dLongitude = (longitudeB - longitudeA) * radians;
  const h =
    Math.sin(dLatitude / 2) ** 2 +
    Math.cos(latitudeA * radians) * Math.cos(latitudeB * radians) * Math.sin(dLongitude / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Builds the engine's mobility matrix, `[r * regionCount + s]`: the share of the out-of-home contacts of
 * a resident of r made in region s. For s != r the share is
 * `scale * flowsPerYear[r][s] / population(r) * exp(-distanceKm(r, s) / distanceDecayKm)`
 * (no decay factor without `distanceDecayKm`), and the diagonal takes the rest, so every row
 * sums to 1. Without `transmission.mobility` the matrix is the identity.
 *
 * @param populationByRegion residents per region, in persons, in region index order
 * @throws RangeError when a row would send more than all its contacts away, which validation rules out
 */
export function mobilityMatrix(
  scenario: Pick<Scenario, 'regions'> & { transmission: { mobility?: Scenario['transmission']['mobility'] } },
  populationByRegion: Float64Array,
): Float64Array {
  const regions = scenario.regions;
  const regionCount = regions.length;
  const matrix = new Float64Array(regionCount * regionCount);
  const mobility = scenario.transmission.mobility;
  const indexOf = new Map(regions.map((region, index) => [region.code, index]));

  if (mobility !== undefined) {
    for (const [i, codeR] of mobility.order.entries()) {
      const r = indexOf.get(codeR);
      if (r === undefined) throw new RangeError(`transmission.mobility.order[${i}] names unknown region ${codeR}`);
      const population = populationByRegion[r]!;
      if (population <= 0) continue;
      for (const [j, codeS] of mobility.order.entries()) {
        const s = indexOf.get(codeS);
        if (s === undefined || s === r) continue;
        const flow = mobility.flowsPerYear[i]?.[j] ?? 0;
        const decay = decayFactor(regions[r]!, regions[s]!, mobility.distanceDecayKm);
        matrix[r * regionCount + s] = (mobility.scale * flow * decay) / population;
      }
    }
  }

  for (let r = 0; r < regionCount; r++) {
    let away = 0;
    for (let s = 0; s < regionCount; s++) if (s !== r) away += matrix[r * regionCount + s]!;
    if (away > 1) {
      throw new RangeError(`mobility sends a share of ${away} of ${regions[r]!.code}'s contacts away, more than 1`);
    }
    matrix[r * regionCount + r] = 1 - away;
  }
  return matrix;
}

function decayFactor(
  regionR: Scenario['regions'][number],
  regionS: Scenario['regions'][number],
  decayKm: number | undefined,
): number {
  if (decayKm === undefined) return 1;
  const { latitude: latR, longitude: lonR } = regionR;
  const { latitude: latS, longitude: lonS } = regionS;
  if (latR === undefined || lonR === undefined || latS === undefined || lonS === undefined) {
    throw new RangeError(`distanceDecayKm needs coordinates for ${regionR.code} and ${regionS.code}`);
  }
  return Math.exp(-distanceKm(latR, lonR, latS, lonS) / decayKm);
}
