import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, messages } from './messages.js';

/** Files a run writes into its output folder. */
export const OUTPUT_FILES = ['series.csv', 'summary.json', 'report.html', 'scenario.resolved.json'] as const;

/** Name of one output file. */
export type OutputFile = (typeof OUTPUT_FILES)[number];

/**
 * An output folder being written: files go to a staging folder beside it, and {@link commit}
 * renames that folder into place, so the output appears complete or not at all.
 */
export interface StagedOutput {
  /** Absolute path of the output folder. */
  dir: string;
  /** Absolute path of the staging folder. */
  stagingDir: string;
  write(name: OutputFile, text: string): Promise<void>;
  /** Replaces the output folder, if any, with the staging folder. */
  commit(): Promise<void>;
  /** Removes the staging folder. */
  discard(): Promise<void>;
  /** Removes the staging folder synchronously, for use while the process is exiting. */
  discardSync(): void;
}

/**
 * Checks the output folder and creates its staging folder.
 *
 * An existing folder is only replaced when it is empty or contains nothing but output files, so that
 * a mistyped `--out` cannot delete unrelated work.
 *
 * @throws InputError (as a rejection) when the path is empty or a file, contains other files, or cannot be written
 */
export async function prepareOutput(dir: string): Promise<StagedOutput> {
  if (dir.trim() === '') throw new InputError(messages.outputEmpty);
  const target = resolve(dir);
  await checkTarget(dir, target);

  const parent = dirname(target);
  const stagingDir = join(parent, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(stagingDir);
  } catch (error) {
    throw new InputError(messages.outputNotWritable(dir, (error as Error).message));
  }

  return {
    dir: target,
    stagingDir,
    write: (name, text) => writeFile(join(stagingDir, name), text, 'utf8'),
    commit: () => replaceFolder(target, stagingDir),
    discard: () => rm(stagingDir, { recursive: true, force: true }),
    discardSync: () => rmSync(stagingDir, { recursive: true, force: true }),
  };
}

async function checkTarget(dir: string, target: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(target)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new InputError(messages.outputNotWritable(dir, (error as Error).message));
  }
  if (!isDirectory) throw new InputError(messages.outputIsFile(dir));

  const known: readonly string[] = OUTPUT_FILES;
  const entries = await readdir(target);
  if (!entries.every((entry) => known.includes(entry))) throw new InputError(messages.outputNotOurs(dir));
}

/**
 * Moves `stagingDir` to `target`. An existing target is first moved aside, and it is deleted only
 * after the new folder is in place. If that second rename fails, the old folder is moved back.
 */
async function replaceFolder(target: string, stagingDir: string): Promise<void> {
  const backup = stagingDir.replace(/\.tmp$/, '.old.tmp');
  let hadTarget = true;
  try {
    await rename(target, backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadTarget = false;
  }

  try {
    await rename(stagingDir, target);
  } catch (error) {
    if (hadTarget) await rename(backup, target);
    throw error;
  }
  if (hadTarget) await rm(backup, { recursive: true, force: true });
}
