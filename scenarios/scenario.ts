import type * as z from 'zod';

import { checkScenario } from './checks.js';
import { epochDayOf } from './calendar.js';
import { checkFitCorrelation } from './fit-correlation.js';
import { checkFitUncertainty } from './fit-uncertainty.js';
import type { Problem } from './messages.js';
import { closestField, closestName } from './field-names.js';
import { DISTRIBUTION_FIELDS } from './fields.js';
import * as messages from './messages.js';
import { parsePath, problemsFromIssues, valueAt } from './problems.js';
import { scenarioFieldsSchema } from './schema.js';

/** Issue tag of the checks that relate several fields, which distinguishes them from field issues. */
const CROSS_FIELD_CHECK = 'cross-field';

/**
 * The scenario schema: every field with its bounds and default (`schema.ts`), then the checks
 * that relate several fields (`checks.ts`: region codes, date order, table sizes, solver
 * stability), and then the entries of `fitUncertainty` against the parameters they name, and their
 * correlation matrix.
 *
 * Zod runs those checks only when every field is valid. {@link validateScenario} also runs them
 * when some field is not, so that a file with three mistakes reports all three.
 */
export const scenarioSchema = scenarioFieldsSchema.superRefine((scenario, ctx) => {
  // The fitted parameters are resolved against the dates and regions, so they are checked only once
  // those are valid: a bad date would otherwise show up again as a bad parameter. Zod runs this
  // check even when a date field failed, so the dates are tested here too.
  const problems = checkScenario(scenario);
  const dates = [scenario.simulation.start, scenario.simulation.end, ...scenario.seeding.map((seed) => seed.date)];
  if (problems.length === 0 && dates.every((date) => epochDayOf(date) !== undefined)) {
    problems.push(...checkFitUncertainty(scenario), ...checkFitCorrelation(scenario));
  }
  for (const problem of problems) {
    ctx.addIssue({ code: 'custom', message: problem.message, params: { kind: CROSS_FIELD_CHECK, problem } });
  }
});

/** A validated scenario, with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;

/** A scenario file as written, before defaults. */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** The outcome of validating a parsed JSON document. */
export type Validation = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/** Validates a parsed JSON document against the scenario format, collecting every problem. */
export function validateScenario(document: unknown): Validation {
  const result = scenarioSchema.safeParse(document);
  if (result.success) return { ok: true, scenario: result.data };

  const isCrossField = (issue: z.core.$ZodIssue): boolean =>
    issue.code === 'custom' && (issue.params as { kind?: string } | undefined)?.kind === CROSS_FIELD_CHECK;
  const fieldProblems = problemsFromIssues(result.error.issues.filter((issue) => !isCrossField(issue)), document).map(
    (problem) => withFieldSuggestion(problem, document),
  );
  // Zod still runs the cross-field checks when a refinement alone rejected a value, such as a
  // distribution that reaches out of range. When they did not run, the lenient checks read what they can.
  const crossField = result.error.issues.some(isCrossField)
    ? problemsFromIssues(result.error.issues.filter(isCrossField), document)
    : checkScenario(document);
  const rejected = fieldProblems.map((problem) => rejectedValuePath(problem.path, document));
  const independent = crossField.filter((problem) => !rejected.some((path) => concerns(problem, path)));
  return { ok: false, problems: uniqueProblems([...fieldProblems, ...independent]) };
}

/** Returns the path of the value that a field problem rejects: a whole distribution for a problem in one of its fields. */
function rejectedValuePath(path: string, document: unknown): string {
  const keys = parsePath(path);
  if (keys === undefined || keys.length < 2) return path;
  return distributionKindAt(document, keys.slice(0, -1)) === undefined ? path : path.slice(0, path.lastIndexOf('.'));
}

/**
 * Tells whether a cross-field problem concerns the value at a path: it sits at that path or inside
 * it, or its message names it. Such a problem repeats a value that already has a field problem.
 */
function concerns(problem: Problem, path: string): boolean {
  if (path === '') return false;
  const inside = (other: string): boolean => other === path || other.startsWith(`${path}.`) || other.startsWith(`${path}[`);
  if (inside(problem.path)) return true;
  const named = problem.message.split(/[^\w.[\]-]+/).filter((word) => word.length > 0);
  return named.some((word) => inside(word.replace(/\.$/, '')));
}

/**
 * Names the field of the format that an unknown field most likely misspells, when one is close. In a
 * distribution the fields come from the kind that its `dist` names, so that `mean` in a log-normal
 * points to median and sdlog, and not back to the `mean` of the normal.
 */
function withFieldSuggestion(problem: Problem, document: unknown): Problem {
  if (problem.expected !== messages.UNKNOWN_FIELD_EXPECTED) return problem;
  const keys = parsePath(problem.path);
  const name = keys?.at(-1);
  if (keys === undefined || typeof name !== 'string') return problem;
  const parent = keys.slice(0, -1);
  const kind = distributionKindAt(document, parent);
  if (kind !== undefined) {
    const fields = DISTRIBUTION_FIELDS.get(kind)!;
    const otherKinds = [...DISTRIBUTION_FIELDS].filter(([other, otherFields]) => other !== kind && otherFields.includes(name));
    // A field of another kind is a statistic of its own (a mean is no median), so it gets no rename.
    const closest = otherKinds.length === 0 ? closestName(name, fields) : undefined;
    return messages.unknownDistributionField(
      problem.path,
      problem.received,
      kind,
      fields,
      closest,
      otherKinds.map(([other]) => other),
    );
  }
  const field = closestField(scenarioSchema, parent, name);
  return field === undefined ? problem : messages.misspeltField(problem.path, problem.received, field);
}

/** Returns the `dist` of the object at a path when it names a kind of distribution, else undefined. */
function distributionKindAt(document: unknown, keys: readonly PropertyKey[]): string | undefined {
  const object = valueAt(document, keys);
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  const kind = (object as { dist?: unknown }).dist;
  return typeof kind === 'string' && DISTRIBUTION_FIELDS.has(kind) ? kind : undefined;
}

function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
