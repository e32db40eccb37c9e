/**
 * Explanations of KPIs whose figures mislead without them, shared by report.html and compare.html so that
 * both pages define a KPI in the same words.
 */

/** Definition of a day over bed capacity, per region and nationally, as `summarise` in the engine counts it. */
export const DAYS_OVER_CAPACITY_TEXT =
  'A day over capacity is a day that ends with more people waiting for a bed of the tier than the tier has free ' +
  'beds. Nationally, a day counts when any region is over capacity, because spare beds in one region do not help ' +
  'a patient who cannot be transferred there. So the national figure can count many days while national ' +
  'occupancy stays far below national capacity.';

/**
 * Definition of the test backlog, and the reason it is not a shortage in itself. The engine serves each person
 * in a queue at most at the rate 1 / `testing.shortestWaitDays`, so the mean wait (backlog over tests performed)
 * equals that shortest wait while a region's capacity covers its queue.
 */
export const TEST_BACKLOG_TEXT =
  'The test backlog counts everyone waiting for a test at the end of a day, people tested for other illness ' +
  'included, so a large backlog is not a shortage in itself. Even with tests to spare, each person waits the ' +
  'shortest wait for a test (testing.shortestWaitDays in the scenario) on average, and the backlog holds about ' +
  'that many days of demand. The mean wait for a test shows a shortage. It is about the shortest wait while ' +
  'every region has tests to spare, and rises above it when a region runs short.';
