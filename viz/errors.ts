/** Error constructors for the report builder, so the wording stays in one place. */

export function emptySeriesError(): RangeError {
  return new RangeError('series must contain at least one row (got 0). Pass the quantile table of a finished run.');
}

export function emptyRegionsError(): RangeError {
  return new RangeError("regions must list at least one region (got 0). Pass the scenario's regions.");
}

export function nationalInRegionsError(nationalCode: string): RangeError {
  return new RangeError(
    `regions must not contain the national code "${nationalCode}". The national figure has its own rows.`,
  );
}

export function duplicateRegionError(code: string): RangeError {
  return new RangeError(`regions must list each code once (got "${code}" twice)`);
}

export function duplicateRegionNameError(name: string): RangeError {
  return new RangeError(`regions must have distinct names, because charts label panels by name (got "${name}" twice)`);
}

export function invalidRunsError(runs: number): RangeError {
  return new RangeError(`runs must be a positive integer (got ${runs})`);
}

export function invalidDateError(path: string, value: string): RangeError {
  return new RangeError(`${path} must be an ISO 8601 date YYYY-MM-DD (got "${value}")`);
}

export function duplicateSeriesRowError(path: string, metric: string, region: string, date: string): RangeError {
  return new RangeError(`${path} repeats the row for metric "${metric}", region "${region}" on ${date}`);
}

export function missingSeriesError(
  metric: string,
  region: string,
  missingDays: number,
  firstMissing: string,
): RangeError {
  return new RangeError(
    `series has no row for metric "${metric}" in region "${region}" on ${missingDays} of its dates ` +
      `(first ${firstMissing}). The report needs every charted metric for every region and the national code ` +
      'on every day.',
  );
}

export function missingBrowserBuildError(packageName: string, file: string, searched: readonly string[]): Error {
  return new Error(
    `report page: the browser build ${packageName}/${file} was not found (searched ${searched.join(', ')}). ` +
      'Install the dependencies with npm install.',
  );
}
