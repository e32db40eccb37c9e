import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DS4C_PROVINCE_CODES, parseObservedText, readObservedFile } from '../../cli/observed.js';
import { InputError } from '../../cli/messages.js';

const twoRegions = {
  regions: [
    { code: 'KR-11', name: 'Seoul' },
    { code: 'KR-27', name: 'Daegu' },
  ],
  nationalCode: 'KR',
  startDate: '2020-03-01',
  endDate: '2020-03-03',
};

const CORONABOARD_HEADER = 'date,province,region_ko,confirmed,death,released';

/** Coronaboard rows for the two regions and Lazaretto: cumulative counts per day. */
const coronaboard = [
  CORONABOARD_HEADER,
  '2020-02-29,Seoul,서울,10,0,0',
  '2020-02-29,Daegu,대구,100,0,0',
  '2020-02-29,Lazaretto,검역,1,0,0',
  '2020-03-01,Seoul,서울,12,0,0',
  '2020-03-01,Daegu,대구,150,1,0',
  '2020-03-01,Lazaretto,검역,1,0,0',
  '2020-03-02,Seoul,서울,15,0,0',
  '2020-03-02,Daegu,대구,149,1,0',
  '2020-03-02,Lazaretto,검역,3,0,0',
  '2020-03-03,Seoul,서울,15,0,0',
  '2020-03-03,Daegu,대구,200,1,0',
  '2020-03-03,Lazaretto,검역,3,0,0',
  '2020-03-04,Seoul,서울,99,0,0',
  '2020-03-04,Daegu,대구,999,1,0',
  '2020-03-04,Lazaretto,검역,9,0,0',
].join('\n');

/** Returns the rows of one region as [date, new, cumulative] triples. */
function seriesOf(rows: { date: string; region: string; confirmed_new: number; confirmed_cum: number }[], region: string) {
  return rows.filter((row) => row.region === region).map((row) => [row.date, row.confirmed_new, row.confirmed_cum]);
}

/** Returns the message of the InputError that `action` throws. */
function inputErrorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError');
}

describe('parseObservedText, Coronaboard format', () => {
  it('turns cumulative counts into daily differences', () => {
    const { format, rows } = parseObservedText(coronaboard, 'cb.csv', twoRegions);
    expect(format).toBe('coronaboard');
    expect(seriesOf(rows, 'KR-11')).toEqual([
      ['2020-03-01', 2, 2],
      ['2020-03-02', 3, 5],
      ['2020-03-03', 0, 5],
    ]);
  });

  it('keeps a negative difference, with a report warning', () => {
    const { rows, warnings, reportWarnings } = parseObservedText(coronaboard, 'cb.csv', twoRegions);
    expect(warnings.join('\n')).not.toContain('negative');
    expect(reportWarnings).toContain(
      'warning: 1 day (KR-27 on 2020-03-02) of observed confirmed cases fell below the day before in the cumulative count (cases moved ' +
        'to another region); the report draws them as negative daily counts, so that the days add up to the cumulative count',
    );
    expect(seriesOf(rows, 'KR-27')).toEqual([
      ['2020-03-01', 50, 50],
      ['2020-03-02', -1, 49],
      ['2020-03-03', 51, 100],
    ]);
  });

  it('adds Lazaretto to the national total only', () => {
    const { rows } = parseObservedText(coronaboard, 'cb.csv', twoRegions);
    // Seoul + Daegu + Lazaretto per day: 2 + 50 + 0, 3 - 1 + 2, 0 + 51 + 0.
    expect(seriesOf(rows, 'KR')).toEqual([
      ['2020-03-01', 52, 52],
      ['2020-03-02', 4, 56],
      ['2020-03-03', 51, 107],
    ]);
    expect(rows.some((row) => row.region.toLowerCase() === 'lazaretto')).toBe(false);
  });

  it('lists the national total first', () => {
    const { rows } = parseObservedText(coronaboard, 'cb.csv', twoRegions);
    expect([...new Set(rows.map((row) => row.region))]).toEqual(['KR', 'KR-11', 'KR-27']);
  });

  it('maps a scenario region name case-insensitively', () => {
    const context = { ...twoRegions, regions: [{ code: 'X-1', name: 'SEOUL' }, twoRegions.regions[1]!] };
    const { rows } = parseObservedText(coronaboard, 'cb.csv', context);
    expect(seriesOf(rows, 'X-1')).toHaveLength(3);
  });

  it('maps the Korean names of the scenario', () => {
    // The province column contains the Korean names, as the region_ko column of Coronaboard does.
    const [header, ...lines] = coronaboard.split('\n');
    const korean = [
      header,
      ...lines.map((line) => {
        const [date, , ko, ...rest] = line.split(',');
        return [date, ko, ko, ...rest].join(',');
      }),
    ].join('\n');
    const regions = [
      { code: 'KR-11', name: 'Seoul', nameKo: '서울' },
      { code: 'KR-27', name: 'Daegu', nameKo: '대구' },
    ];
    const { rows } = parseObservedText(korean, 'cb.csv', { ...twoRegions, regions });
    const english = parseObservedText(coronaboard, 'cb.csv', twoRegions).rows;
    expect(rows).toEqual(english);
  });

  it('accepts either code of Gangwon', () => {
    const text = [CORONABOARD_HEADER, '2020-03-01,Gangwon-do,강원,1,0,0', '2020-03-02,Gangwon-do,강원,4,0,0'].join('\n');
    const context = { ...twoRegions, regions: [{ code: 'KR-51', name: 'Gangwon State' }] };
    const { rows } = parseObservedText(text, 'cb.csv', context);
    expect(seriesOf(rows, 'KR-51')).toEqual([['2020-03-02', 3, 3]]);
  });

  it('skips provinces outside the scenario and leaves Lazaretto out', () => {
    const context = { ...twoRegions, regions: [twoRegions.regions[0]!] };
    const { rows, warnings } = parseObservedText(coronaboard, 'cb.csv', context);
    expect(seriesOf(rows, 'KR')).toEqual(seriesOf(rows, 'KR-11'));
    expect(warnings.join('\n')).toContain('Daegu');
  });

  it('reads a region named Lazaretto', () => {
    const context = { ...twoRegions, regions: [{ code: 'XX-01', name: 'Lazaretto' }] };
    const text = `${CORONABOARD_HEADER}\n2020-03-01,Lazaretto,검역,1,0,0\n2020-03-02,Lazaretto,검역,4,-1,0\n`;
    expect(inputErrorOf(() => parseObservedText(text, 'cb.csv', context))).toBe(
      'cb.csv line 3: death must be a non-negative integer of at most 2000000000 (got "-1"); correct the value on that line, or remove the row',
    );
    const { rows, warnings } = parseObservedText(text.replace(',-1,', ',0,'), 'cb.csv', context);
    expect(warnings.join('\n')).not.toContain('none of the provinces');
    expect(seriesOf(rows, 'XX-01')).toEqual([['2020-03-02', 3, 3]]);
  });

  it('warns once when no province is a scenario region', () => {
    const context = { ...twoRegions, regions: [{ code: 'XX-01', name: 'Testland' }], nationalCode: 'XX' };
    const { rows, warnings } = parseObservedText(coronaboard, 'cb.csv', context);
    expect(rows).toEqual([]);
    expect(warnings).toEqual([
      'warning: none of the provinces in --observed file cb.csv (Seoul, Daegu and Lazaretto) is a region of the ' +
        "scenario (XX-01 Testland), so no observed series is drawn. Give a file with rows for the scenario's " +
        'regions. A province matches the region of the same name, or, for a DS4C province name such as ' +
        'Gyeonggi-do, the region with its ISO 3166-2 code (KR-41)',
    ]);
  });

  it('gives no national series when a region has no rows', () => {
    const context = { ...twoRegions, regions: [...twoRegions.regions, { code: 'KR-49', name: 'Jeju-do' }] };
    const { rows, reportWarnings } = parseObservedText(coronaboard, 'cb.csv', context);
    expect(seriesOf(rows, 'KR')).toEqual([]);
    expect(reportWarnings.join('\n')).toContain('no rows for KR-49');
  });

  it('counts the change over a gap on the later date', () => {
    const text = [CORONABOARD_HEADER, '2020-02-29,Seoul,서울,1,0,0', '2020-03-02,Seoul,서울,6,0,0'].join('\n');
    const context = { ...twoRegions, regions: [twoRegions.regions[0]!] };
    const { rows, reportWarnings } = parseObservedText(text, 'cb.csv', context);
    expect(seriesOf(rows, 'KR-11')).toEqual([['2020-03-02', 5, 5]]);
    expect(reportWarnings.join('\n')).toContain('between 2020-03-01 and 2020-03-02');
  });

  it('rejects an unknown province with its line', () => {
    const text = `${CORONABOARD_HEADER}\n2020-03-01,Seoul,서울,1,0,0\n2020-03-01,Atlantis,?,1,0,0\n`;
    expect(inputErrorOf(() => parseObservedText(text, 'cb.csv', twoRegions))).toBe(
      'cb.csv line 3: unknown province "Atlantis"; expected a region name of the scenario (name, or nameKo where ' +
        'the scenario gives it), a DS4C province name such as Seoul or Gyeonggi-do, or Lazaretto',
    );
  });

  it('rejects a bad count with its line', () => {
    const text = `${CORONABOARD_HEADER}\n2020-03-01,Seoul,서울,1,0,0\n\n2020-03-02,Seoul,서울,1x,0,0\n`;
    expect(inputErrorOf(() => parseObservedText(text, 'cb.csv', twoRegions))).toBe(
      'cb.csv line 4: confirmed must be a non-negative integer of at most 2000000000 (got "1x"); correct the value on that line, or remove the row',
    );
  });

  it('rejects bad deaths outside Lazaretto rows', () => {
    const text = `${CORONABOARD_HEADER}\n2020-03-01,Seoul,서울,1,0,0\n2020-03-02,Seoul,서울,2,-1,0\n`;
    expect(inputErrorOf(() => parseObservedText(text, 'cb.csv', twoRegions))).toBe(
      'cb.csv line 3: death must be a non-negative integer of at most 2000000000 (got "-1"); correct the value on that line, or remove the row',
    );
    const lazaretto = `${CORONABOARD_HEADER}\n2020-03-01,Seoul,서울,1,0,0\n2020-03-01,Lazaretto,검역,1,-1,0\n`;
    expect(() => parseObservedText(lazaretto, 'cb.csv', twoRegions)).not.toThrow();
  });

  it('rejects a cumulative count above the largest population', () => {
    const text = `${CORONABOARD_HEADER}\n2020-03-01,Seoul,서울,30000000000,0,0\n`;
    expect(inputErrorOf(() => parseObservedText(text, 'cb.csv', twoRegions))).toBe(
      'cb.csv line 2: confirmed must be a non-negative integer of at most 2000000000 (got "30000000000"); correct the value on that line, or remove the row',
    );
  });

  it('rejects an impossible date with its line', () => {
    const text = `${CORONABOARD_HEADER}\n2020-02-30,Seoul,서울,1,0,0\n`;
    expect(inputErrorOf(() => parseObservedText(text, 'cb.csv', twoRegions))).toBe(
      'cb.csv line 2: date must be an ISO 8601 date YYYY-MM-DD (got "2020-02-30")',
    );
  });

  it('rejects a repeated row', () => {
    const text = `${CORONABOARD_HEADER}\n2020-03-01,Seoul,서울,1,0,0\n2020-03-01,seoul,서울,2,0,0\n`;
    expect(inputErrorOf(() => parseObservedText(text, 'cb.csv', twoRegions))).toBe(
      'cb.csv line 3: second row for KR-11 on 2020-03-01 (the first is on line 2); keep one row per region and date',
    );
  });
});

describe('parseObservedText, tidy format', () => {
  const tidy = [
    'date,region,confirmed',
    '2020-02-29,KR-11,7',
    '2020-03-01,KR-11,2',
    '2020-03-01,kr-27,5',
    '2020-03-02,KR-11,1',
    '2020-03-02,KR-27,0',
    '2020-03-03,KR-27,4',
    '2020-03-04,KR-11,9',
  ].join('\n');

  it('reads daily counts within the dates', () => {
    const { format, rows } = parseObservedText(tidy, 'tidy.csv', twoRegions);
    expect(format).toBe('tidy');
    expect(seriesOf(rows, 'KR-11')).toEqual([
      ['2020-03-01', 2, 2],
      ['2020-03-02', 1, 3],
    ]);
    expect(seriesOf(rows, 'KR-27')).toEqual([
      ['2020-03-01', 5, 5],
      ['2020-03-02', 0, 5],
      ['2020-03-03', 4, 9],
    ]);
  });

  it('sums the regions on days every region has', () => {
    const { rows } = parseObservedText(tidy, 'tidy.csv', twoRegions);
    expect(seriesOf(rows, 'KR')).toEqual([
      ['2020-03-01', 7, 7],
      ['2020-03-02', 1, 8],
    ]);
  });

  it('uses national rows when the file has them', () => {
    const text = `${tidy}\n2020-03-02,KR,40\n2020-03-03,KR,41\n`;
    const { rows } = parseObservedText(text, 'tidy.csv', twoRegions);
    expect(seriesOf(rows, 'KR')).toEqual([
      ['2020-03-02', 40, 40],
      ['2020-03-03', 41, 81],
    ]);
  });

  it('reads the DS4C name Korea as the national total', () => {
    const text = `${tidy}\n2020-03-02,Korea,40\n2020-03-03,korea,41\n`;
    const { rows } = parseObservedText(text, 'tidy.csv', twoRegions);
    expect(seriesOf(rows, 'KR')).toEqual([
      ['2020-03-02', 40, 40],
      ['2020-03-03', 41, 81],
    ]);
  });

  it('rejects a national row given twice', () => {
    const text = 'date,region,confirmed\n2020-03-01,KR,4\n2020-03-01,Korea,4\n';
    expect(inputErrorOf(() => parseObservedText(text, 'tidy.csv', twoRegions))).toBe(
      'tidy.csv line 3: second row for KR on 2020-03-01 (the first is on line 2); keep one row per region and date',
    );
  });

  it('rejects an unknown region with its line', () => {
    const text = 'date,region,confirmed\n2020-03-01,KR-99,1\n';
    expect(inputErrorOf(() => parseObservedText(text, 'tidy.csv', twoRegions))).toBe(
      'tidy.csv line 2: unknown region "KR-99"; expected one of KR, KR-11, KR-27',
    );
  });

  it.each(['', '-1', '2.5', '1e3', '2000000001', '99999999999999999999'])('rejects the count %j', (count) => {
    const text = `date,region,confirmed\n2020-03-01,KR-11,1\n2020-03-02,KR-11,${count}\n`;
    expect(inputErrorOf(() => parseObservedText(text, 'tidy.csv', twoRegions))).toBe(
      `tidy.csv line 3: confirmed must be a non-negative integer of at most 2000000000 (got ${JSON.stringify(count)}); correct the value on that line, or remove the row`,
    );
  });

  it('rejects bad deaths in region rows', () => {
    const text = 'date,region,confirmed,deaths\n2020-03-01,KR,1,-1\n2020-03-01,KR-11,1,2.5\n';
    expect(inputErrorOf(() => parseObservedText(text, 'tidy.csv', twoRegions))).toBe(
      'tidy.csv line 3: deaths must be a non-negative integer of at most 2000000000 (got "2.5"); correct the value on that line, or remove the row',
    );
  });

  it('accepts counts from 0 to the largest population', () => {
    const text = 'date,region,confirmed\n2020-03-01,KR-11,0\n2020-03-02,KR-11,2000000000\n';
    const { rows } = parseObservedText(text, 'tidy.csv', twoRegions);
    expect(seriesOf(rows, 'KR-11')).toEqual([
      ['2020-03-01', 0, 0],
      ['2020-03-02', 2e9, 2e9],
    ]);
  });
});

describe('parseObservedText, header', () => {
  it('rejects an unknown header', () => {
    const message = inputErrorOf(() => parseObservedText('day,place,cases\n', 'x.csv', twoRegions));
    expect(message).toContain('--observed file x.csv has the header "day,place,cases"; expected one of');
    expect(message).toContain('"date,time,province,confirmed,released,deceased" (DS4C TimeProvince');
  });

  it('rejects an empty file', () => {
    const message = inputErrorOf(() => parseObservedText('', 'x.csv', twoRegions));
    expect(message).toContain('--observed file x.csv is empty or has an empty first line; expected one of');
  });

  it.each(['date,region,confirmed\n', CORONABOARD_HEADER])('rejects the header %j without rows', (text) => {
    const message = inputErrorOf(() => parseObservedText(text, 'x.csv', twoRegions));
    expect(message).toBe('--observed file x.csv has a header but no rows; add rows of counts or leave out --observed');
  });

  it.each([
    ['date,region,confirmed\n2020-03-01,KR\n', 2],
    ['date,region,confirmed\n2020-03-01,KR-11,3,4\n', 4],
  ])('rejects a row of uneven length, %j', (text, fields) => {
    const message = inputErrorOf(() => parseObservedText(text, 'x.csv', twoRegions));
    expect(message).toBe(
      `--observed file x.csv line 2 has ${fields} fields where the first row has 3; remove the extra or add the ` +
        'missing fields, or quote a field that contains a comma',
    );
  });

  it('rejects a column that the first row names twice', () => {
    const message = inputErrorOf(() => parseObservedText('date,region,Confirmed,confirmed\n2020-03-01,KR-11,3,4\n', 'x.csv', twoRegions));
    expect(message).toBe(
      '--observed file x.csv has the column "confirmed" twice (columns 3 and 4) in its first row; keep one of them, ' +
        'or rename the other',
    );
  });

  it('ignores a byte order mark', () => {
    const { format } = parseObservedText('\uFEFFdate,region,confirmed\n2020-03-01,KR-11,1\n', 'x.csv', twoRegions);
    expect(format).toBe('tidy');
  });
});

describe('readObservedFile', () => {
  const tempDir = mkdtempSync(join(tmpdir(), 'tttsim-observed-'));
  afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

  it('reads a file', async () => {
    const path = join(tempDir, 'tidy.csv');
    writeFileSync(path, 'date,region,confirmed\n2020-03-01,KR-11,3\n');
    const { rows } = await readObservedFile(path, twoRegions);
    expect(rows.find((row) => row.region === 'KR-11')).toEqual({
      date: '2020-03-01',
      region: 'KR-11',
      confirmed_new: 3,
      confirmed_cum: 3,
    });
  });

  it('rejects a UTF-16 file as not UTF-8', async () => {
    const text = 'date,region,confirmed\n2020-03-01,KR-11,3\n';
    const withMark = join(tempDir, 'utf16le.csv');
    writeFileSync(withMark, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    await expect(readObservedFile(withMark, twoRegions)).rejects.toThrow(
      `--observed file ${withMark} is not UTF-8 (it starts with a UTF-16 byte order mark); save it as UTF-8 CSV`,
    );
    const withoutMark = join(tempDir, 'utf16-no-mark.csv');
    writeFileSync(withoutMark, Buffer.from(text, 'utf16le'));
    await expect(readObservedFile(withoutMark, twoRegions)).rejects.toThrow(
      `--observed file ${withoutMark} is not UTF-8 (it contains zero bytes, as UTF-16 text does)`,
    );
  });

  it('rejects bytes that are invalid in UTF-8', async () => {
    const path = join(tempDir, 'euc-kr.csv');
    // 서울 in EUC-KR.
    const seoul = Buffer.from([0xbc, 0xad, 0xbf, 0xef]);
    const before = Buffer.from(`${CORONABOARD_HEADER}\n2020-03-01,Seoul,`);
    writeFileSync(path, Buffer.concat([before, seoul, Buffer.from(',1,0,0\n')]));
    await expect(readObservedFile(path, twoRegions)).rejects.toThrow(`--observed file ${path} is not UTF-8 (`);
  });

  it('reads a UTF-8 file with a byte order mark', async () => {
    const path = join(tempDir, 'bom.csv');
    writeFileSync(path, '\uFEFFdate,region,confirmed\n2020-03-01,KR-11,3\n');
    const { format } = await readObservedFile(path, twoRegions);
    expect(format).toBe('tidy');
  });

  it('rejects a folder and a device', async () => {
    await expect(readObservedFile(tmpdir(), twoRegions)).rejects.toThrow(`cannot read --observed file ${tmpdir()}: not a file`);
    await expect(readObservedFile('/dev/zero', twoRegions)).rejects.toThrow('cannot read --observed file /dev/zero: not a file');
  });

  it('rejects a missing file', async () => {
    const path = join(tempDir, 'absent.csv');
    await expect(readObservedFile(path, twoRegions)).rejects.toThrow(`--observed file not found: ${path}`);
  });
});

describe('readObservedFile on the Coronaboard file', () => {
  const dataDir = process.env['TTTSIM_OBSERVED_DIR'];
  const inCi = process.env['CI'] === 'true';
  // CI must have the data. A local checkout without it skips these tests with the reason.
  if (dataDir === undefined && inCi) {
    it('has TTTSIM_OBSERVED_DIR set in CI', () => {
      expect.fail('TTTSIM_OBSERVED_DIR is not set; CI must point it at the Korean data folder');
    });
    return;
  }
  if (dataDir === undefined) {
    it.skip('skipped: set TTTSIM_OBSERVED_DIR to the Korean data folder to read kr_regional_daily_2020_2023.csv', () => {});
    return;
  }

  const korea = {
    regions: Object.entries(DS4C_PROVINCE_CODES).map(([name, codes]) => ({ code: codes[0]!, name })),
    nationalCode: 'KR',
    startDate: '2020-02-18',
    endDate: '2020-06-30',
  };
  const read = () => readObservedFile(join(dataDir, 'kr_regional_daily_2020_2023.csv'), korea);

  it('finds the Daegu first-wave peak', async () => {
    // Coronaboard (00:00 cut-off) reports +742 for Daegu on 2020-02-29.
    const { rows } = await read();
    expect(rows.find((row) => row.region === 'KR-27' && row.date === '2020-02-29')?.confirmed_new).toBe(742);
  });

  it('adds up to the national cumulative count', async () => {
    // 12,799 cases nationally on 2020-06-30, Lazaretto included, less the 30 counted by 2020-02-17.
    const { rows, warnings } = await read();
    const national = rows.filter((row) => row.region === 'KR');
    expect(national.at(-1)).toMatchObject({ date: '2020-06-30', confirmed_cum: 12_799 - 30 });
    expect(national).toHaveLength(134);
    expect(warnings).toEqual([]);
  });
});
