/**
 * The Nelder-Mead simplex method, which minimises a function without derivatives, written as a
 * generator that requests batches of points. The caller evaluates a batch however it likes (in
 * this thread, or spread over worker threads), so the sequence of points, and with it the result,
 * does not depend on how the evaluations are run.
 *
 * The steps follow Lagarias, Reeds, Wright and Wright, "Convergence properties of the Nelder-Mead
 * simplex method in low dimensions", SIAM J. Optim. 9(1), 1998, section 2, with the coefficients
 * that adapt to the dimension n of Gao and Han, "Implementing the Nelder-Mead simplex algorithm
 * with adaptive parameters", Comput. Optim. Appl. 51, 2012: reflection 1, expansion 1 + 2/n,
 * contraction 3/4 - 1/(2n) and shrink 1 - 1/n. The standard coefficients (1, 2, 1/2, 1/2) make
 * the method stall in ten or more dimensions, which a calibration reaches.
 *
 * The `fmin` package (0.0.4) has a nelderMead too, but it takes a synchronous function, so it cannot
 * hand points to worker threads, and it reports no convergence status. Its shrink step also assigns
 * an undeclared variable, which throws a ReferenceError in its strict-mode build.
 */

/** Settings of a minimisation. */
export interface NelderMeadOptions {
  /** Offset of each initial vertex from the start along one coordinate, per coordinate or for all. */
  initialStep: number | readonly number[];
  /** Evaluations after which the search stops unconverged, a positive integer. */
  maxEvaluations: number;
  /** Largest spread of the function values over the simplex at convergence. */
  valueTolerance: number;
  /** Largest distance at convergence from the best vertex to any other, in every coordinate. */
  pointTolerance: number;
  /**
   * Map applied to each coordinate before the distance of {@link pointTolerance} is measured. A
   * bounded map, such as the logistic function of a log-odds coordinate, lets a search converge
   * while a coordinate drifts towards a bound where the function no longer changes. @default the identity
   */
  pointMap?: (x: number) => number;
  /**
   * Restarts from the best point with a fresh simplex after convergence, at most this many times,
   * until a restart improves the value by less than `valueTolerance`. A restart catches a simplex
   * that collapsed before reaching the minimum. @default 1
   */
  maxRestarts?: number;
}

/** The outcome of a minimisation. */
export interface NelderMeadResult {
  point: number[];
  value: number;
  evaluations: number;
  /** True when the tolerances were met before `maxEvaluations` ran out. */
  converged: boolean;
  /** The best value after each step, with the evaluations made up to it. */
  trace: { evaluations: number; value: number }[];
}

/** A batch of points to evaluate. The generator receives their values, in the same order. */
export type PointBatch = number[][];

interface Vertex {
  point: number[];
  value: number;
}

/**
 * Runs the Nelder-Mead method from `start`. Each `yield` hands over a batch of points and expects
 * an array of their function values back. A value that is not a number counts as +Infinity, so a
 * point where the function fails is never kept.
 *
 * @throws RangeError when the start is empty or an option is out of range
 */
export function* nelderMead(
  start: readonly number[],
  options: NelderMeadOptions,
): Generator<PointBatch, NelderMeadResult, number[]> {
  checkOptions(start, options);
  const n = start.length;
  const steps = typeof options.initialStep === 'number' ? new Array<number>(n).fill(options.initialStep) : options.initialStep;
  const reflection = 1;
  const expansion = 1 + 2 / n;
  const contraction = 0.75 - 1 / (2 * n);
  const shrink = 1 - 1 / n;

  let evaluations = 0;
  const trace: NelderMeadResult['trace'] = [];
  function* evaluate(points: number[][]): Generator<PointBatch, number[], number[]> {
    const values = yield points;
    evaluations += points.length;
    return points.map((_, i) => {
      const value = values[i];
      return typeof value === 'number' && !Number.isNaN(value) ? value : Infinity;
    });
  }

  let best: Vertex = { point: [...start], value: Infinity };
  let restartsLeft = options.maxRestarts ?? 1;
  let converged = false;
  for (;;) {
    const initial = [best.point, ...best.point.map((_, i) => best.point.map((x, j) => (i === j ? x + steps[i]! : x)))];
    const initialValues = yield* evaluate(best.value === Infinity ? initial : initial.slice(1));
    const simplex: Vertex[] = (best.value === Infinity ? initial : initial.slice(1)).map((point, i) => ({
      point,
      value: initialValues[i]!,
    }));
    if (best.value !== Infinity) simplex.unshift(best);
    sortSimplex(simplex);
    trace.push({ evaluations, value: simplex[0]!.value });
    const valueBefore = best.value;

    converged = false;
    while (evaluations < options.maxEvaluations) {
      if (isConverged(simplex, options)) {
        converged = true;
        break;
      }
      const worst = simplex[n]!;
      const centroid = centroidOfBest(simplex, n);
      const reflected = along(centroid, worst.point, -reflection);
      const [reflectedValue] = yield* evaluate([reflected]);
      let replacement: Vertex | undefined;

      if (reflectedValue! < simplex[0]!.value) {
        const expanded = along(centroid, worst.point, -reflection * expansion);
        const [expandedValue] = yield* evaluate([expanded]);
        replacement =
          expandedValue! < reflectedValue!
            ? { point: expanded, value: expandedValue! }
            : { point: reflected, value: reflectedValue! };
      } else if (reflectedValue! < simplex[n - 1]!.value) {
        replacement = { point: reflected, value: reflectedValue! };
      } else if (reflectedValue! < worst.value) {
        const outside = along(centroid, worst.point, -reflection * contraction);
        const [outsideValue] = yield* evaluate([outside]);
        if (outsideValue! <= reflectedValue!) replacement = { point: outside, value: outsideValue! };
      } else {
        const inside = along(centroid, worst.point, contraction);
        const [insideValue] = yield* evaluate([inside]);
        if (insideValue! < worst.value) replacement = { point: inside, value: insideValue! };
      }

      if (replacement !== undefined) {
        simplex[n] = replacement;
      } else {
        // Shrink every vertex towards the best one.
        const bestPoint = simplex[0]!.point;
        const shrunk = simplex.slice(1).map((vertex) => along(bestPoint, vertex.point, shrink));
        const shrunkValues = yield* evaluate(shrunk);
        shrunk.forEach((point, i) => {
          simplex[i + 1] = { point, value: shrunkValues[i]! };
        });
      }
      sortSimplex(simplex);
      trace.push({ evaluations, value: simplex[0]!.value });
    }

    best = simplex[0]!;
    const improvement = valueBefore - best.value;
    if (!converged || restartsLeft === 0 || !(improvement >= options.valueTolerance)) break;
    // A restart that the budget cannot finish would turn a converged search into an unconverged one.
    if (evaluations + n >= options.maxEvaluations) break;
    restartsLeft--;
  }
  return { point: best.point, value: best.value, evaluations, converged, trace };
}

/**
 * Minimises a function in this thread; see {@link nelderMead}.
 *
 * @param f the function to minimise, called once per point
 */
export function minimiseSync(
  f: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  const search = nelderMead(start, options);
  let step = search.next([]);
  while (!step.done) step = search.next(step.value.map((point) => f(point)));
  return step.value;
}

/**
 * Minimises a function whose points are evaluated in batches, for example on worker threads; see
 * {@link nelderMead}. The result is the same as {@link minimiseSync} gives for the same function.
 *
 * @param evaluateBatch resolves to the values of the points, in their order
 */
export async function minimise(
  evaluateBatch: (points: number[][]) => Promise<number[]>,
  start: readonly number[],
  options: NelderMeadOptions,
): Promise<NelderMeadResult> {
  const search = nelderMead(start, options);
  let step = search.next([]);
  while (!step.done) step = search.next(await evaluateBatch(step.value));
  return step.value;
}

function checkOptions(start: readonly number[], options: NelderMeadOptions): void {
  if (start.length === 0) throw new RangeError('nelderMead: the start point needs at least one coordinate');
  if (!Number.isInteger(options.maxEvaluations) || options.maxEvaluations < 1) {
    throw new RangeError(`nelderMead: maxEvaluations must be a positive integer (got ${options.maxEvaluations})`);
  }
  const steps = typeof options.initialStep === 'number' ? [options.initialStep] : options.initialStep;
  if (typeof options.initialStep !== 'number' && steps.length !== start.length) {
    throw new RangeError(`nelderMead: initialStep must have ${start.length} entries, one per coordinate (got ${steps.length})`);
  }
  if (steps.some((step) => !(step !== 0 && Number.isFinite(step)))) {
    throw new RangeError(`nelderMead: every initial step must be a non-zero number (got ${steps.join(', ')})`);
  }
}

/** Sorts by value, best first. The sort is stable, so a new vertex that ties an old one goes after it. */
function sortSimplex(simplex: Vertex[]): void {
  simplex.sort((a, b) => a.value - b.value);
}

function isConverged(simplex: readonly Vertex[], options: NelderMeadOptions): boolean {
  const best = simplex[0]!;
  const map = options.pointMap ?? ((x: number): number => x);
  for (const vertex of simplex) {
    if (!(vertex.value - best.value <= options.valueTolerance)) return false;
    for (let i = 0; i < best.point.length; i++) {
      if (Math.abs(map(vertex.point[i]!) - map(best.point[i]!)) > options.pointTolerance) return false;
    }
  }
  return true;
}

function centroidOfBest(simplex: readonly Vertex[], n: number): number[] {
  const centroid = new Array<number>(n).fill(0);
  for (let v = 0; v < n; v++) {
    for (let i = 0; i < n; i++) centroid[i]! += simplex[v]!.point[i]! / n;
  }
  return centroid;
}

/** Returns origin + factor (point - origin). */
function along(origin: readonly number[], point: readonly number[], factor: number): number[] {
  return origin.map((x, i) => x + factor * (point[i]! - x));
}
