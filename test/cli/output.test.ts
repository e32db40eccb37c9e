import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, OutputWriteError } from '../../cli/messages.js';
import { prepareOutput } from '../../cli/output.js';

// Resolved, so that paths compare equal where the temp folder sits behind a symbolic link (macOS /tmp).
const tempDir = realpathSync(mkdtempSync(join(tmpdir(), 'tttsim-output-')));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

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
    writeFileSync(join(dir, 'summary.json'), 'old');
    writeFileSync(join(dir, 'report.html'), 'old');
    const staged = await prepareOutput(dir);
    await staged.write('summary.json', 'new');
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe('old');
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

  it('refuses a folder with other files', async () => {
    const dir = join(tempDir, 'notes');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'keep me');
    await expect(prepareOutput(dir)).rejects.toThrow(InputError);
    await expect(prepareOutput(dir)).rejects.toThrow('contains files other than tttsim output');
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
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
    writeFileSync(join(real, 'summary.json'), 'old');
    symlinkSync(real, link);
    const staged = await prepareOutput(link);
    expect(staged.dir).toBe(real);
    await staged.write('summary.json', 'new');
    await staged.commit();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(real, 'summary.json'), 'utf8')).toBe('new');
    expect(readFileSync(join(link, 'summary.json'), 'utf8')).toBe('new');
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
    writeFileSync(join(backup, 'summary.json'), 'old');
    const staged = await prepareOutput(join(parent, 'out'));
    expect(readFileSync(join(parent, 'out', 'summary.json'), 'utf8')).toBe('old');
    expect(existsSync(backup)).toBe(false);
    await staged.discard();
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
});
