import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT_CODES, InputError, OutputWriteError } from '../../cli/messages.js';
import { prepareOutput, stagingStem } from '../../cli/output.js';
import { folderName } from '../../cli/run-settings.js';

/** A rename that the mocked file system fails once: the source path and the error code to fail with. */
const renameFailure = vi.hoisted(() => ({ from: undefined as string | undefined, code: '' }));

// Fails the one rename that a test arms, since root may rename any folder and no real file system
// raises EPERM or EBUSY on demand. Every other call reaches the real file system.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const rename: typeof actual.rename = async (from, to) => {
    if (renameFailure.from !== undefined && from === renameFailure.from) {
      renameFailure.from = undefined;
      throw Object.assign(new Error(`${renameFailure.code}: operation failed, rename '${String(from)}'`), {
        code: renameFailure.code,
      });
    }
    return actual.rename(from, to);
  };
  return { ...actual, rename };
});

// Resolved, so that paths compare equal where the temp folder sits behind a symbolic link (macOS /tmp).
const tempDir = realpathSync(mkdtempSync(join(tmpdir(), 'tttsim-output-')));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

/** Returns JSON text as tttsim writes it: indented by two spaces, with a final newline. */
function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Returns the start of a summary.json as tttsim writes it, with `label` as the scenario name. */
function summaryJson(label: string): string {
  const summary = {
    scenario: { name: label, file: `${label}.json`, hash: 'a1b2' },
    engineVersion: '0.1.0',
    mode: 'deterministic',
    runs: 1,
    seed: 7,
  };
  return jsonText(summary);
}

/** Returns the start of an HTML page as tttsim writes it, with the given `<title>`. */
function page(title: string): string {
  const lines = ['<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', `<title>${title}</title>`];
  return `${lines.join('\n')}\n`;
}

/** Returns a scenario as tttsim writes it into scenario.resolved.json, with the given simulation fields. */
function writtenScenario(simulation: Record<string, unknown>, name = 'tiny'): string {
  const scenario = {
    name,
    description: '',
    simulation,
    ageBands: ['all'],
    regions: [{ code: 'XX-01', populationByAge: [100] }],
  };
  return jsonText(scenario);
}

/** Fields of the simulation group as the current version writes them. */
const SIMULATION = {
  start: '2020-01-01',
  end: '2020-04-09',
  solver: 'dopri5',
  stepDays: 0.25,
  stochasticStepDays: 0.25,
  mode: 'deterministic',
  runs: 1,
  seed: 7,
};

/** Returns the id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('prepareOutput', () => {
  it('writes nothing to the folder before commit', async () => {
    const dir = join(tempDir, 'fresh', 'nested');
    const staged = await prepareOutput(dir);
    await staged.write('series.csv', 'a\n');
    expect(existsSync(dir)).toBe(false);
    await staged.commit();
    expect(readFileSync(join(dir, 'series.csv'), 'utf8')).toBe('a\n');
    expect(readdirSync(join(tempDir, 'fresh'))).toEqual(['nested']);
  });

  it('replaces an earlier output on commit', async () => {
    const dir = join(tempDir, 'again');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.json'), summaryJson('old'));
    writeFileSync(join(dir, 'report.html'), page('tttsim report: old'));
    const staged = await prepareOutput(dir);
    await staged.write('summary.json', summaryJson('new'));
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('old'));
    await staged.commit();
    expect(readdirSync(dir)).toEqual(['summary.json']);
    expect(readdirSync(tempDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves no trace when discarded', async () => {
    const dir = join(tempDir, 'discarded');
    const staged = await prepareOutput(dir);
    await staged.write('series.csv', 'a\n');
    await staged.discard();
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(staged.stagingDir)).toBe(false);
  });

  it('stops writing a file when its signal aborts', async () => {
    const dir = join(tempDir, 'aborted');
    const controller = new AbortController();
    const staged = await prepareOutput(dir, undefined, [], controller.signal);
    let piecesRead = 0;
    function* pieces(): Generator<string> {
      for (let i = 0; i < 1_000_000; i++) {
        piecesRead++;
        if (i === 100) controller.abort(new Error('stop'));
        yield 'row\n';
      }
    }
    await expect(staged.write('series.csv', pieces())).rejects.toThrow();
    expect(piecesRead).toBeLessThan(1_000_000);
    await expect(staged.write('summary.json', '{}')).rejects.toThrow('stop');
    await staged.discard();
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(staged.stagingDir)).toBe(false);
  });

  it('names the file in the folder path', async () => {
    const file = join(tempDir, 'a-file');
    writeFileSync(file, 'mine\n');
    const failure = prepareOutput(join(file, 'sub', 'deeper'));
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(`${file} is a file, not a folder; pass --out with a folder you can write to`);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('names a loop of symbolic links', async () => {
    const first = join(tempDir, 'loop-a');
    symlinkSync(join(tempDir, 'loop-b'), first);
    symlinkSync(first, join(tempDir, 'loop-b'));
    const failure = prepareOutput(join(first, 'sub'));
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow('form a loop; pass --out with a folder you can write to');
  });

  it.runIf(existsSync('/proc/self'))('explains a folder that the system will not create', async () => {
    const failure = prepareOutput('/proc/tttsim-output');
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow('the system could not create a folder in /proc; pass --out');
  });

  it('restores the output on discardSync mid-commit', async () => {
    const dir = join(tempDir, 'cut-short');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.json'), summaryJson('old'));
    const staged = await prepareOutput(dir);
    await staged.write('summary.json', summaryJson('new'));
    // The first rename of a commit, after which a signal ends the process.
    renameSync(dir, staged.stagingDir.replace(/\.tmp$/, '.old.tmp'));
    staged.discardSync();
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('old'));
    expect(readdirSync(tempDir).filter((entry) => entry.startsWith('.cut-short.'))).toEqual([]);
  });

  it('keeps the new output on discardSync after commit', async () => {
    const dir = join(tempDir, 'committed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.json'), summaryJson('old'));
    const staged = await prepareOutput(dir);
    await staged.write('summary.json', summaryJson('new'));
    await staged.commit();
    staged.discardSync();
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('new'));
    expect(readdirSync(tempDir).filter((entry) => entry.startsWith('.committed.'))).toEqual([]);
  });

  it('refuses a folder with other files', async () => {
    const dir = join(tempDir, 'notes');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'keep me');
    await expect(prepareOutput(dir)).rejects.toThrow(InputError);
    await expect(prepareOutput(dir)).rejects.toThrow(
      `--out ${dir} contains thesis.tex, which tttsim did not write, so the folder is left as it is; ` +
        `pass --out with another folder, or move it out of ${dir}`,
    );
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
  });

  it('rejects a nested output folder', async () => {
    const dir = join(tempDir, 'outer');
    mkdirSync(join(dir, 'inner'), { recursive: true });
    writeFileSync(join(dir, 'summary.json'), summaryJson('outer'));
    writeFileSync(join(dir, 'inner', 'summary.json'), summaryJson('inner'));
    await expect(prepareOutput(dir)).rejects.toThrow(
      `--out ${dir} contains inner, the output of another tttsim run, which replacing ${dir} would delete, ` +
        `so the folder is left as it is; pass --out with another folder, or move that folder out of ${dir}`,
    );
    expect(readFileSync(join(dir, 'inner', 'summary.json'), 'utf8')).toBe(summaryJson('inner'));
    // Output nested deeper counts too.
    mkdirSync(join(dir, 'inner', 'deeper'));
    writeFileSync(join(dir, 'inner', 'deeper', 'summary.json'), summaryJson('deeper'));
    await expect(prepareOutput(dir)).rejects.toThrow(`--out ${dir} contains inner, the output of another tttsim run`);
    // A folder with anything else in it, or nothing, is not tttsim's.
    writeFileSync(join(dir, 'inner', 'notes.txt'), 'mine');
    mkdirSync(join(dir, 'empty'));
    await expect(prepareOutput(dir)).rejects.toThrow(`--out ${dir} contains empty and inner, which tttsim did not write`);
  });

  it('keeps output files made read-only', async () => {
    const dir = join(tempDir, 'kept-files');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.json'), summaryJson('kept'));
    chmodSync(join(dir, 'summary.json'), 0o444);
    await expect(prepareOutput(dir)).rejects.toThrow(
      `--out ${dir} contains summary.json, read-only (no write permission for anyone), so the folder is left ` +
        'as it is; make it writable (chmod u+w) or choose another folder',
    );
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('kept'));
  });

  it('rejects a folder inside other output', async () => {
    const outer = join(tempDir, 'holder');
    mkdirSync(outer);
    writeFileSync(join(outer, 'summary.json'), summaryJson('holder'));
    const dir = join(outer, 'sub', 'new');
    await expect(prepareOutput(dir)).rejects.toThrow(
      `--out ${dir} lies inside ${outer}, which contains the output of another tttsim run that could then not be ` +
        `replaced; pass --out with a folder outside ${outer}`,
    );
    expect(readdirSync(outer)).toEqual(['summary.json']);
  });

  describe('with files named as output', () => {
    let caseCount = 0;

    /** Creates a folder with these files and returns its path. */
    function folderWith(name: string, files: Record<string, string>): string {
      const dir = join(tempDir, name);
      mkdirSync(dir);
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
      return dir;
    }

    it('rejects user files, leaving them unchanged', async () => {
      const files = { 'summary.json': '{"my": "thesis data"}\n', 'series.csv': 'a,b\n', 'report.html': '' };
      const dir = folderWith('thesis', files);
      const failure = prepareOutput(dir);
      await expect(failure).rejects.toThrow(InputError);
      await expect(failure).rejects.toThrow(
        `--out ${dir} contains report.html, series.csv and summary.json, which tttsim did not write`,
      );
      await expect(failure).rejects.toThrow('pass --out with another folder, or move them out of');
      for (const [file, text] of Object.entries(files)) expect(readFileSync(join(dir, file), 'utf8'), file).toBe(text);
      expect(readdirSync(tempDir).filter((entry) => entry.startsWith('.thesis.'))).toEqual([]);
    });

    it('names only the files tttsim did not write', async () => {
      const dir = folderWith('mixed', { 'summary.json': summaryJson('old'), 'series.csv': 'a,b\n' });
      await expect(prepareOutput(dir)).rejects.toThrow(`--out ${dir} contains series.csv, which tttsim did not write`);
    });

    it('lists five names and counts the rest', async () => {
      const names = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((letter) => [`${letter}.txt`, '']));
      const dir = folderWith('many', names);
      await expect(prepareOutput(dir)).rejects.toThrow('contains a.txt, b.txt, c.txt, d.txt, e.txt and 2 more, which');
    });

    const accepted: [string, string, string][] = [
      ['series.csv', 'header and rows', 'date,region,metric,mean,p5,p25,p50,p75,p95\n2020-03-01,KR,rt,1,1,1,1,1,1\n'],
      ['summary.json', 'engine version', summaryJson('tiny')],
      ['report.html', 'report title', page('tttsim report: tiny')],
      ['scenario.resolved.json', 'current simulation fields', writtenScenario(SIMULATION)],
      ['scenario.resolved.json', 'no solver, as before it existed', writtenScenario({ ...SIMULATION, solver: undefined })],
      ['scenario.resolved.json', 'a nested list in simulation', writtenScenario({ ...SIMULATION, assumption: ['rk4'] })],
      [
        'compare.csv',
        'current header',
        'plan,region,kpi,mean,p5,p25,p50,p75,p95,diff_mean,diff_p5,diff_p25,diff_p50,diff_p75,diff_p95,prob_better,' +
          'prob_worse,no_deaths_averted_share\n',
      ],
      [
        'compare.csv',
        'header before no_deaths_averted_share',
        'plan,region,kpi,mean,p5,p25,p50,p75,p95,diff_mean,diff_p5,diff_p25,diff_p50,diff_p75,diff_p95,prob_better,prob_worse\n',
      ],
      ['compare.json', 'engine version', jsonText({ mode: 'stochastic', runs: 2, seed: 'x', engineVersion: '0.1.0' })],
      ['compare.html', 'comparison title', page('tttsim comparison: a, b')],
      ['scenario.fitted.json', 'fitted scenario', writtenScenario(SIMULATION, 'tiny (fitted)')],
      ['fit.json', 'engine version', jsonText({ command: 'tttsim calibrate a.json', engineVersion: '0.1.0' })],
      ['fit.html', 'fit title', page('tttsim fit: tiny')],
    ];
    it.each(accepted)('accepts %s with %s', async (file, _case, text) => {
      const dir = folderWith(`accepted-${++caseCount}`, { [file]: text });
      const staged = await prepareOutput(dir, [file]);
      await staged.discard();
    });

    const longName = 'n'.repeat(20_000);
    const rejected: [string, string, string][] = [
      ['series.csv', 'another header', 'date,region,value\n'],
      ['series.csv', 'the header without a line end', 'date,region,metric,mean,p5,p25,p50,p75,p95'],
      ['summary.json', 'JSON on one line', '{"engineVersion": "0.1.0"}\n'],
      ['summary.json', 'a nested engine version', jsonText({ data: { engineVersion: '0.1.0' } })],
      ['summary.json', 'a marker past the bytes read', summaryJson(longName)],
      ['report.html', 'an empty file', ''],
      ['report.html', 'another title', page('My notes')],
      ['report.html', 'the title of a comparison', page('tttsim comparison: a, b')],
      ['scenario.resolved.json', 'a short list on one line', writtenScenario(SIMULATION).replace(/\[\n *"all"\n *\]/, '["all"]')],
      ['scenario.resolved.json', 'no stepDays', writtenScenario({ ...SIMULATION, stepDays: undefined })],
      ['scenario.resolved.json', 'the simulation group first', jsonText({ simulation: SIMULATION, name: 'tiny' })],
      ['compare.csv', 'the header of series.csv', 'date,region,metric,mean,p5,p25,p50,p75,p95\n'],
      ['fit.json', 'no engine version', jsonText({ command: 'tttsim calibrate a.json' })],
      ['fit.html', 'the title of a report', page('tttsim report: tiny')],
    ];
    it.each(rejected)('rejects %s with %s', async (file, _case, text) => {
      const dir = folderWith(`rejected-${++caseCount}`, { [file]: text });
      const failure = prepareOutput(dir, [file]);
      await expect(failure).rejects.toThrow(InputError);
      await expect(failure).rejects.toThrow(`contains ${file}, which tttsim did not write`);
      expect(readFileSync(join(dir, file), 'utf8')).toBe(text);
    });

    it('rejects a folder named as an output file', async () => {
      const dir = join(tempDir, 'nested-output');
      mkdirSync(join(dir, 'summary.json'), { recursive: true });
      await expect(prepareOutput(dir)).rejects.toThrow(`contains summary.json, which tttsim did not write`);
    });

    it('rejects a symbolic link to an output file', async () => {
      const dir = join(tempDir, 'linked-output');
      mkdirSync(dir);
      writeFileSync(join(tempDir, 'summary-elsewhere.json'), summaryJson('tiny'));
      symlinkSync(join(tempDir, 'summary-elsewhere.json'), join(dir, 'summary.json'));
      await expect(prepareOutput(dir)).rejects.toThrow(`contains summary.json, which tttsim did not write`);
    });

    it("replaces another command's output", async () => {
      const dir = folderWith('compare-output', { 'compare.html': page('tttsim comparison: a, b') });
      const staged = await prepareOutput(dir);
      await staged.write('series.csv', 'x');
      await staged.commit();
      expect(readdirSync(dir)).toEqual(['series.csv']);
    });

    it('checks the folder again before it replaces it', async () => {
      const dir = folderWith('added-during-run', { 'fit.html': page('tttsim fit: a') });
      const staged = await prepareOutput(dir);
      await staged.write('series.csv', 'x');
      writeFileSync(join(dir, 'notes.txt'), 'mine');
      await expect(staged.commit()).rejects.toThrow('contains notes.txt, which tttsim did not write');
      await staged.discard();
      expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
      expect(readdirSync(dir).sort()).toEqual(['fit.html', 'notes.txt']);
    });

    it('raises an error for a file without a check', async () => {
      await expect(prepareOutput(join(tempDir, 'unchecked'), ['notes.txt'])).rejects.toThrow(
        'OWN_OUTPUT_CHECKS has no check for the output files notes.txt',
      );
    });
  });

  it('refuses a file', async () => {
    const path = join(tempDir, 'plain-file');
    writeFileSync(path, '');
    await expect(prepareOutput(path)).rejects.toThrow(`--out ${path} is a file; give the path of a folder`);
  });

  it('rejects an empty path', async () => {
    await expect(prepareOutput('')).rejects.toThrow('--out must name a folder (got an empty path)');
  });

  it('writes into the folder a symbolic link points to', async () => {
    const real = join(tempDir, 'real');
    const link = join(tempDir, 'link');
    mkdirSync(real);
    writeFileSync(join(real, 'summary.json'), summaryJson('old'));
    symlinkSync(real, link);
    const staged = await prepareOutput(link);
    expect(staged.dir).toBe(real);
    await staged.write('summary.json', summaryJson('new'));
    await staged.commit();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(real, 'summary.json'), 'utf8')).toBe(summaryJson('new'));
    expect(readFileSync(join(link, 'summary.json'), 'utf8')).toBe(summaryJson('new'));
  });

  it('rejects a symbolic link to nothing', async () => {
    const link = join(tempDir, 'dangling');
    symlinkSync(join(tempDir, 'nowhere'), link);
    await expect(prepareOutput(link)).rejects.toThrow(
      `--out ${link} is a symbolic link to ${join(tempDir, 'nowhere')}, which does not exist`,
    );
  });

  it('removes staging folders of ended processes only', async () => {
    const parent = join(tempDir, 'stale');
    mkdirSync(parent);
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const dead = `.out.${deadPid()}.0123abcd.tmp`;
      const running = `.out.${alive.pid}.0123abcd.tmp`;
      const otherFolder = `.other.${deadPid()}.0123abcd.tmp`;
      for (const name of [dead, running, otherFolder]) mkdirSync(join(parent, name));
      writeFileSync(join(parent, dead, 'series.csv'), 'half');

      const staged = await prepareOutput(join(parent, 'out'));
      expect(staged.warnings).toEqual([]);
      const left = readdirSync(parent);
      expect(left).not.toContain(dead);
      expect(left).toContain(running);
      expect(left).toContain(otherFolder);
      await staged.discard();
    } finally {
      alive.kill();
    }
  });

  it('puts back an output that an ended process had moved aside', async () => {
    const parent = join(tempDir, 'moved');
    const backup = join(parent, `.out.${deadPid()}.0123abcd.old.tmp`);
    mkdirSync(backup, { recursive: true });
    writeFileSync(join(backup, 'summary.json'), summaryJson('old'));
    const staged = await prepareOutput(join(parent, 'out'));
    expect(readFileSync(join(parent, 'out', 'summary.json'), 'utf8')).toBe(summaryJson('old'));
    expect(existsSync(backup)).toBe(false);
    await staged.discard();
  });

  it('warns about an output moved aside by a running process', async () => {
    const parent = join(tempDir, 'moved-live');
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const backup = join(parent, `.out.${alive.pid}.0123abcd.old.tmp`);
      mkdirSync(backup, { recursive: true });
      writeFileSync(join(backup, 'summary.json'), summaryJson('old'));
      const staged = await prepareOutput(join(parent, 'out'));
      expect(staged.warnings).toHaveLength(1);
      expect(staged.warnings[0]).toContain(`${backup} contains an earlier output of ${join(parent, 'out')}`);
      expect(staged.warnings[0]).toContain('rename the folder to keep it');
      expect(readFileSync(join(backup, 'summary.json'), 'utf8')).toBe(summaryJson('old'));
      await staged.discard();
    } finally {
      alive.kill();
    }
  });

  it('raises a write failure with the path', async () => {
    const dir = join(tempDir, 'unwritable');
    const staged = await prepareOutput(dir);
    // A file where the staging folder was makes every write into it fail with ENOTDIR.
    rmSync(staged.stagingDir, { recursive: true });
    writeFileSync(staged.stagingDir, '');
    const failure = staged.write('series.csv', 'a\n');
    await expect(failure).rejects.toThrow(OutputWriteError);
    await expect(failure).rejects.toThrow(new RegExp(`^writing ${join(dir, 'series.csv')} failed: ENOTDIR`));
    rmSync(staged.stagingDir);
    expect(existsSync(dir)).toBe(false);
  });

  describe('when the final rename fails', () => {
    afterEach(() => {
      renameFailure.from = undefined;
    });

    /** Creates an earlier output in a new folder and stages a new one over it. */
    async function stagedOverOld(name: string) {
      const dir = join(tempDir, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'summary.json'), summaryJson('old'));
      const staged = await prepareOutput(dir);
      await staged.write('summary.json', summaryJson('new'));
      return { dir, staged };
    }

    for (const code of ['EPERM', 'EACCES', 'EBUSY']) {
      it(`rejects ${code} on moving the old folder aside`, async () => {
        const { dir, staged } = await stagedOverOld(`aside-${code}`);
        renameFailure.code = code;
        renameFailure.from = dir;
        const failure = staged.commit();
        await expect(failure).rejects.toThrow(InputError);
        await expect(failure).rejects.toThrow(`cannot move the new output into ${dir}: ${code}`);
        await expect(failure).rejects.toThrow('the previous output there is unchanged');
        await staged.discard();
        expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('old'));
        expect(readdirSync(tempDir).filter((entry) => entry.startsWith(`.aside-${code}.`))).toEqual([]);
      });
    }

    it('moves the old folder back after EBUSY', async () => {
      const { dir, staged } = await stagedOverOld('back');
      renameFailure.code = 'EBUSY';
      renameFailure.from = staged.stagingDir;
      const failure = staged.commit();
      await expect(failure).rejects.toThrow(InputError);
      await expect(failure).rejects.toThrow(`cannot move the new output into ${dir}: EBUSY`);
      await expect(failure).rejects.toThrow('the previous output there is unchanged');
      await staged.discard();
      expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('old'));
      expect(readdirSync(tempDir).filter((entry) => entry.startsWith('.back.'))).toEqual([]);
    });

    it('rejects a backup path that is taken', async () => {
      // A non-empty folder where the old output would be moved aside makes the real rename fail.
      const { dir, staged } = await stagedOverOld('taken');
      const backup = staged.stagingDir.replace(/\.tmp$/, '.old.tmp');
      mkdirSync(backup);
      writeFileSync(join(backup, 'other'), '');
      const failure = staged.commit();
      await expect(failure).rejects.toThrow(InputError);
      await expect(failure).rejects.toThrow(`cannot move the new output into ${dir}: ENOTEMPTY`);
      await staged.discard();
      rmSync(backup, { recursive: true });
      expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('old'));
      expect(readdirSync(tempDir).filter((entry) => entry.startsWith('.taken.'))).toEqual([]);
    });

    it('keeps a full disk a write failure', async () => {
      const { dir, staged } = await stagedOverOld('full');
      renameFailure.code = 'ENOSPC';
      renameFailure.from = staged.stagingDir;
      await expect(staged.commit()).rejects.toThrow(OutputWriteError);
      await staged.discard();
      expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('old'));
    });
  });

  describe('with a long folder name', () => {
    it('leaves ordinary staging names unchanged', () => {
      expect(stagingStem('Korea-2020-first-wave')).toBe('Korea-2020-first-wave');
      expect(stagingStem('a'.repeat(200))).toBe('a'.repeat(200));
    });

    it('shortens a long name with its hash', () => {
      const first = stagingStem(`${'a'.repeat(240)}-first`);
      const second = stagingStem(`${'a'.repeat(240)}-second`);
      expect(Buffer.byteLength(first)).toBeLessThanOrEqual(200);
      expect(first).toMatch(/^a+-[0-9a-f]{8}$/);
      expect(first).not.toBe(second);
      // Two-byte characters are kept whole.
      expect(stagingStem('é'.repeat(150))).toMatch(/^(é)+-[0-9a-f]{8}$/);
    });

    it('replaces an output of 255 bytes', async () => {
      const dir = join(tempDir, 'b'.repeat(255));
      for (const text of ['first', 'second']) {
        const staged = await prepareOutput(dir);
        await staged.write('summary.json', summaryJson(text));
        await staged.commit();
      }
      expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summaryJson('second'));
      expect(readdirSync(tempDir).filter((entry) => entry.startsWith('.bbb'))).toEqual([]);
    });

    it('rejects a name over 255 bytes', async () => {
      const dir = join(tempDir, 'c'.repeat(256));
      const failure = prepareOutput(dir);
      await expect(failure).rejects.toThrow(InputError);
      await expect(failure).rejects.toThrow('longest name 256 bytes');
      await expect(failure).rejects.toThrow('pass --out with a shorter folder');
    });

    it('counts bytes of a Hangul folder name', async () => {
      // Each Hangul syllable takes 3 bytes in UTF-8, so 85 of them fill 255 bytes.
      const fits = join(tempDir, folderName('가'.repeat(85)));
      const staged = await prepareOutput(fits);
      await staged.discard();

      const failure = prepareOutput(join(tempDir, folderName('가'.repeat(86))));
      await expect(failure).rejects.toThrow(InputError);
      await expect(failure).rejects.toThrow('longest name 258 bytes');
    });

    it('exits with 2 for a long scenario name', () => {
      const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
      const scenario = JSON.parse(readFileSync(new URL('../../scenarios/test-single-region.json', import.meta.url), 'utf8'));
      scenario.name = 'd'.repeat(300);
      const folder = join(tempDir, 'long-scenario');
      mkdirSync(folder);
      writeFileSync(join(folder, 'long.json'), JSON.stringify(scenario));
      const result = spawnSync(process.execPath, [main, 'run', 'long.json', '--workers', '1'], { cwd: folder, encoding: 'utf8' });
      expect(result.status).toBe(EXIT_CODES.invalidInput);
      // The message keeps the start and the end of a folder name too long to read.
      expect(result.stderr).toContain(
        `cannot write output folder out/${'d'.repeat(96)}... (184 characters left out) ...${'d'.repeat(20)}: its path is too long`,
      );
      expect(result.stderr).toContain('longest name 300 bytes');
      expect(result.stderr).toContain('pass --out');
      expect(readdirSync(folder)).toEqual(['long.json']);
    });
  });
});
