export type { QuantileRow, SummaryRow, ObservedRow, ReportCurrency, ReportInput } from './report-input.js';
export type { ReportChart } from './chart-context.js';
export { buildReportSpecs } from './specs.js';
export { renderReport, renderReportAsync } from './page.js';
export { reportMetrics } from './check-input.js';
export { COMPARED_METRICS, renderComparison } from './compare.js';
export type { ComparisonCostPerDeath, ComparisonInput, ComparisonKpi, ComparisonPlan, ComparisonSpread } from './compare.js';
export { renderFitPage } from './fit.js';
export type { FitPageInput, FitParameterRow, FitRegionRow, FitSeriesRow } from './fit.js';
