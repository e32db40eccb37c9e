import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readObservedCounts, readTestsFile } from '../../../cli/calibrate/observed-counts.js';
import { InputError } from '../../../cli/messages.js';
import { parseObservedText } from '../../../cli/observed.js';

const tempDir = mkdtempSync(join(tmpdir(), 'tttsim-counts-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const CONTEXT = {
  regions: [
    { code: 'KR-11', name: 'Seoul' },
    { code: 'KR-27', name: 'Daegu' },
  ],
  nationalCode: 'KR',
  startDate: '2020-02-17',
  endDate: '2020-02-29',
};

function write(name: string, text: string): string {
  const path = join(tempDir, name);
  writeFileSync(path, text);
  return path;
}

describe('readObservedCounts', () => {
  it('leaves out national rows of a tidy file', async () => {
    const path = write(
      'tidy-national.csv',
      ['date,region,confirmed', '2020-02-18,KR-11,2', '2020-02-18,KR-27,1', '2020-02-18,KR,3', '2020-02-19,Korea,0'].join('\n'),
    );
    const counts = await readObservedCounts(path, CONTEXT);
    expect(counts.warnings).toEqual([
      `warning: calibrate leaves out 2 rows of ${path} for the national total KR (lines 4 and 5), because it ` +
        "fits each region's daily counts and not their total. tttsim run --observed still draws the national " +
        'rows, and deleting them from the file removes this warning',
    ]);
    expect(counts.daily.get('confirmed')!.get('KR-11')!.get('2020-02-18')).toBe(2);
    expect(counts.daily.get('confirmed')!.has('KR')).toBe(false);
  });

  it('rejects a header without rows', async () => {
    const path = write('observed-header-only.csv', 'date,region,confirmed\n');
    const message = `--observed file ${path} has a header but no rows; add rows of counts, because calibrate fits the scenario to them`;
    await expect(readObservedCounts(path, CONTEXT)).rejects.toThrow(new InputError(message));
  });

  it('rejects a tidy file of only national rows', async () => {
    const path = write('tidy-national-only.csv', 'date,region,confirmed,deaths\n2020-02-18,KR,3,0\n2020-02-19,KR,5,1\n');
    await expect(readObservedCounts(path, CONTEXT)).rejects.toThrow(
      new InputError(
        `--observed file ${path} has rows only for the national total KR (lines 2 and 3), but calibrate fits the ` +
          "daily counts of each region against that region's simulated counts; give rows for the region codes " +
          'KR-11 and KR-27, or use the Coronaboard regional file',
      ),
    );
  });

  it('rejects a Coronaboard file without a scenario province', async () => {
    const path = write(
      'coronaboard-elsewhere.csv',
      [
        'date,province,region_ko,confirmed,death,released',
        '2020-02-17,Busan,부산,0,0,0',
        '2020-02-17,Jeju-do,제주,1,0,0',
        '2020-02-18,Busan,부산,1,0,0',
        '2020-02-18,Jeju-do,제주,1,0,0',
      ].join('\n'),
    );
    await expect(readObservedCounts(path, CONTEXT)).rejects.toThrow(
      new InputError(
        `--observed file ${path} has no rows for the scenario's regions (KR-11 Seoul and KR-27 Daegu): its provinces ` +
          "are Busan and Jeju-do. Give a file with rows for the scenario's regions. A province matches the region " +
          'of the same name, or, for a DS4C province name such as Gyeonggi-do, the region with its ISO 3166-2 ' +
          'code (KR-41)',
      ),
    );
  });

  it('reads Coronaboard cases and deaths', async () => {
    const path = write(
      'coronaboard.csv',
      [
        'date,province,region_ko,confirmed,death,released',
        '2020-02-17,Seoul,서울,14,0,5',
        '2020-02-17,Daegu,대구,0,0,0',
        '2020-02-17,Lazaretto,검역,1,0,0',
        '2020-02-18,Seoul,서울,14,0,6',
        '2020-02-18,Daegu,대구,1,0,0',
        '2020-02-18,Lazaretto,검역,1,0,0',
        '2020-02-19,Seoul,서울,13,1,6',
        '2020-02-19,Daegu,대구,11,0,0',
        '2020-02-19,Lazaretto,검역,1,0,0',
      ].join('\n'),
    );
    const counts = await readObservedCounts(path, CONTEXT);
    expect(counts.format).toBe('coronaboard');
    expect([...counts.daily.get('confirmed')!.get('KR-27')!]).toEqual([
      ['2020-02-18', 1],
      ['2020-02-19', 10],
    ]);
    // A fall of the cumulative count stays negative, so that the days add up to the published totals.
    expect(counts.daily.get('confirmed')!.get('KR-11')!.get('2020-02-19')).toBe(-1);
    expect(counts.daily.get('deaths')!.get('KR-11')!.get('2020-02-19')).toBe(1);
    expect(counts.cumulative.get('confirmed')!.get('KR-27')!.get('2020-02-19')).toBe(11);
    expect(counts.daily.get('confirmed')!.has('lazaretto')).toBe(false);
  });

  it('reads a tidy file with deaths', async () => {
    const path = write(
      'tidy.csv',
      ['date,region,confirmed,deaths', '2020-02-18,KR-27,3,0', '2020-02-19,KR-27,5,1', '2020-02-18,KR-11,1,0'].join('\n'),
    );
    const counts = await readObservedCounts(path, CONTEXT);
    expect(counts.format).toBe('tidy');
    expect(counts.daily.get('deaths')!.get('KR-27')!.get('2020-02-19')).toBe(1);
    expect(counts.cumulative.get('confirmed')!.get('KR-27')!.get('2020-02-19')).toBe(8);
  });

  it("reads DS4C's deceased column as deaths", async () => {
    const path = write(
      'ds4c.csv',
      'date,time,province,confirmed,released,deceased\n2020-02-18,16,Daegu,1,0,0\n2020-02-19,16,Daegu,11,0,2\n',
    );
    const counts = await readObservedCounts(path, CONTEXT);
    expect(counts.daily.get('deaths')!.get('KR-27')!.get('2020-02-19')).toBe(2);
    expect(counts.warnings.join('\n')).not.toContain('does not read');
  });

  it.each([
    ['date,region,confirmed,death\n2020-02-18,KR-27,3,1\n', 'death', 'a tidy file gives daily deaths in a column named deaths'],
    ['date,province,confirmed,deaths\n2020-02-18,Daegu,3,1\n', 'deaths', 'cumulative deaths in a column named death (or deceased)'],
  ])('warns about an unread deaths column', async (text, column, advice) => {
    const path = write(`other-deaths-${column}.csv`, text);
    const counts = await readObservedCounts(path, CONTEXT);
    expect(counts.daily.has('deaths')).toBe(false);
    expect(counts.warnings.join('\n')).toContain(`warning: calibrate does not read the ${column} column of ${path}`);
    expect(counts.warnings.join('\n')).toContain(advice);
  });

  it('leaves out the date after a gap', async () => {
    const path = write(
      'gap.csv',
      'date,province,confirmed,death\n2020-02-18,Daegu,1,0\n2020-02-19,Daegu,3,0\n2020-02-22,Daegu,9,1\n2020-02-23,Daegu,10,1\n',
    );
    const counts = await readObservedCounts(path, CONTEXT);
    expect([...counts.daily.get('confirmed')!.get('KR-27')!]).toEqual([
      ['2020-02-19', 2],
      ['2020-02-23', 1],
    ]);
    expect(counts.warnings).toContain(
      'warning: the cumulative counts of --observed skip dates (KR-27 from 2020-02-19 to 2020-02-22); the change ' +
        'over a gap spans several days, so the fit leaves out the date after each gap. Add the missing dates to fit them',
    );
    // The report's own gap warning belongs to run.
    expect(counts.warnings.join('\n')).not.toContain('is counted on');
  });

  it('reads a tidy file without deaths', async () => {
    const path = write('tidy-cases.csv', 'date,region,confirmed\n2020-02-18,KR-27,3\n');
    expect((await readObservedCounts(path, CONTEXT)).daily.has('deaths')).toBe(false);
  });

  it('rejects a bad death count', async () => {
    const path = write('bad-deaths.csv', 'date,region,confirmed,deaths\n2020-02-18,KR-27,3,x\n');
    await expect(readObservedCounts(path, CONTEXT)).rejects.toThrow(
      `${path} line 2: deaths must be a non-negative integer of at most 2000000000 (got "x"); correct the value on that line, or remove the row`,
    );
  });

  it('rejects a death count above any population', async () => {
    const huge = '10000000000000000000000';
    const path = write('huge-deaths.csv', `date,region,confirmed,deaths\n2020-02-18,KR-27,3,${huge}\n`);
    await expect(readObservedCounts(path, CONTEXT)).rejects.toThrow(
      `${path} line 2: deaths must be a non-negative integer of at most 2000000000 (got "${huge}"); correct the value on that line, or remove the row`,
    );
    // run reads the same file with the same rule.
    const text = `date,region,confirmed,deaths\n2020-02-18,KR-27,3,${huge}\n`;
    expect(() => parseObservedText(text, path, CONTEXT)).toThrow('deaths must be a non-negative integer of at most 2000000000');
  });

  it('counts blank lines in the line of a bad death count', async () => {
    const path = write('blank-lines.csv', 'date,region,confirmed,deaths\n\n2020-02-18,KR-27,3,0\n\n2020-02-19,KR-27,3,x\n');
    await expect(readObservedCounts(path, CONTEXT)).rejects.toThrow(`${path} line 5: deaths must be a non-negative integer`);
  });
});

describe('readTestsFile', () => {
  it('takes daily differences of the tested column', async () => {
    const path = write('tests.csv', 'date,confirmed,tested\n2020-02-17,30,7000\n2020-02-18,31,7500\n2020-02-19,46,8200\n');
    const tests = await readTestsFile(path);
    expect([...tests.daily]).toEqual([
      ['2020-02-18', 500],
      ['2020-02-19', 700],
    ]);
  });

  it('leaves out the date after a gap', async () => {
    const path = write('tests-gap.csv', 'date,tested\n2020-02-17,7000\n2020-02-18,7500\n2020-02-28,9500\n2020-02-29,9900\n');
    const tests = await readTestsFile(path);
    expect([...tests.daily]).toEqual([
      ['2020-02-18', 500],
      ['2020-02-29', 400],
    ]);
    expect(tests.warnings.join('\n')).toContain('the cumulative counts of --tests skip dates (from 2020-02-18 to 2020-02-28)');
  });

  it('reads the DS4C test column', async () => {
    const path = write('ds4c.csv', 'date,time,test,negative\n2020-02-17,16,7000,6000\n2020-02-18,16,7100,6100\n');
    expect((await readTestsFile(path)).daily.get('2020-02-18')).toBe(100);
  });

  it('rejects bad files', async () => {
    await expect(readTestsFile(join(tempDir, 'none.csv'))).rejects.toThrow('--tests file not found');
    const noColumn = write('no-column.csv', 'date,confirmed\n2020-02-17,3\n');
    await expect(readTestsFile(noColumn)).rejects.toThrow(InputError);
    const badDate = write('bad-date.csv', 'date,tested\n2020-02-30,3\n');
    await expect(readTestsFile(badDate)).rejects.toThrow('line 2: date must be an ISO 8601 date');
    const repeated = write('repeated.csv', 'date,tested\n2020-02-17,3\n2020-02-17,4\n');
    await expect(readTestsFile(repeated)).rejects.toThrow('line 3: second row for 2020-02-17; keep one row per date');
    const blank = write('blank.csv', 'date,tested\n\n2020-02-17,3\n\n2020-02-17,4\n');
    await expect(readTestsFile(blank)).rejects.toThrow('line 5: second row for 2020-02-17');
  });

  it('rejects a header without rows', async () => {
    const path = write('header-only.csv', '\uFEFFdate,tested\r\n\r\n');
    await expect(readTestsFile(path)).rejects.toThrow(
      `--tests file ${path} has a header but no rows; add rows of counts or leave out --tests`,
    );
  });
});
