import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, realpathSync, renameSync, rmSync, statSync, statfsSync, type Stats } from 'node:fs';
import { lstat, mkdir, open, readFile, readdir, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { COMPARE_CSV_HEADER } from './compare-output.js';
import { InputError, OutputWriteError, messages } from './messages.js';
import { SERIES_CSV_HEADER } from './tables.js';

/** Files a run writes into its output folder. */
export const OUTPUT_FILES = ['series.csv', 'summary.json', 'report.html', 'scenario.resolved.json'] as const;

/** Name of one output file. */
export type OutputFile = (typeof OUTPUT_FILES)[number];

/**
 * An output folder being written: files go to a staging folder beside it, and {@link commit}
 * renames that folder into place, so the output appears complete or not at all.
 */
export interface StagedOutput {
  /** Absolute path of the output folder, with a symbolic link resolved to its target. */
  dir: string;
  /** Absolute path of the staging folder. */
  stagingDir: string;
  /**
   * Writes one output file, from one text or from its pieces in order.
   *
   * @throws OutputWriteError (as a rejection) when the file system rejects the write
   */
  write(name: string, text: string | Iterable<string>): Promise<void>;
  /**
   * Replaces the output folder, if any, with the staging folder.
   *
   * @returns a warning for the user when the previous output folder could not be removed afterwards
   * @throws OutputWriteError (as a rejection) when the staging folder cannot be moved into place
   */
  commit(): Promise<string | undefined>;
  /** Removes the staging folder. */
  discard(): Promise<void>;
  /**
   * Removes the staging folder synchronously, for use while the process is exiting. When a
   * {@link commit} cut short has moved the previous output aside and left no folder in its place,
   * it moves the previous output back.
   */
  discardSync(): void;
  /** Lines to show the user, such as a leftover staging folder that could not be removed. */
  warnings: string[];
}

/**
 * Error codes of a file system that fails whatever path is given: full, over quota or broken. They
 * are reported as write failures, and other errors on creating the folder as invalid input.
 */
const SYSTEM_FAILURE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EFBIG']);

/**
 * Name of a staging folder beside the output folder `name`: `.<stem>.<pid>.<8 hex digits>.tmp`, or
 * `.old.tmp` at the end for the previous output while {@link StagedOutput.commit} replaces it. The
 * stem is the folder's name, shortened by {@link stagingStem} when it is long.
 */
const STAGING_SUFFIX = /^(\d+)\.[0-9a-f]{8}\.(old\.)?tmp$/;

/**
 * Maximum length of a staging folder's stem, in UTF-8 bytes. A staging name adds up to 26 bytes to
 * its stem (a process id of up to 7 digits, 8 hex digits, `.old.tmp` and four dots), which keeps it
 * within {@link MAX_NAME_BYTES}.
 */
const MAX_STAGING_STEM_BYTES = 200;

/**
 * Maximum length of one name in a path, in bytes: NAME_MAX on Linux. A file system with a lower limit
 * still fails with ENAMETOOLONG, which {@link folderError} reports.
 */
const MAX_NAME_BYTES = 255;

/**
 * Checks the output folder, removes staging folders that dead runs left beside it, and creates
 * its own staging folder.
 *
 * An existing folder is only replaced when it is empty or contains nothing but files that tttsim
 * wrote, recognised by their names and their content, so that a mistyped `--out` cannot delete
 * unrelated work. When `dir` is a symbolic link, the output goes into the folder it points to and
 * the link stays.
 *
 * @param files names of the files the command writes; an existing folder may contain these or any other
 *   command's output files, and nothing else
 * @param signal stops the writing of the output files when it aborts, so that an interrupt need not
 *   wait for a long file to be written and then thrown away
 * @throws InputError (as a rejection) when the path is empty, a file, a link to nothing, contains
 *   other files, or cannot be created
 * @throws Error (as a rejection) when `files` names a file that {@link OWN_OUTPUT_CHECKS} has no check for
 */
export async function prepareOutput(
  dir: string,
  files: readonly string[] = OUTPUT_FILES,
  inputs: readonly string[] = [],
  signal?: AbortSignal,
): Promise<StagedOutput> {
  const unchecked = files.filter((name) => !OWN_OUTPUT_CHECKS.has(name));
  if (unchecked.length > 0) {
    throw new Error(`OWN_OUTPUT_CHECKS has no check for the output files ${unchecked.join(', ')}`);
  }
  if (dir.trim() === '') throw new InputError(messages.outputEmpty);
  checkNameLengths(dir);
  const target = await resolveTarget(dir);
  const warnings = await removeStaleStaging(target);
  checkInputsOutside(dir, target, inputs);
  await checkTarget(dir, target);
  await checkNotInsideOutput(dir, target);

  const parent = dirname(target);
  const stagingDir = join(parent, `.${stagingStem(basename(target))}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(stagingDir);
  } catch (error) {
    if (SYSTEM_FAILURE_CODES.has((error as NodeJS.ErrnoException).code ?? '')) {
      throw new OutputWriteError(stagingDir, error);
    }
    throw folderError(dir, error);
  }

  return {
    warnings,
    dir: target,
    stagingDir,
    write: async (name, text) => {
      if (!files.includes(name)) throw new Error(`${name} is not one of the output files ${files.join(', ')}`);
      signal?.throwIfAborted();
      try {
        if (typeof text === 'string') await writeFile(join(stagingDir, name), text, { encoding: 'utf8', signal });
        else await writePieces(join(stagingDir, name), text, signal);
      } catch (error) {
        throw new OutputWriteError(join(target, name), error);
      }
    },
    // The folder is checked again, since a file may have been added or the folder made read-only during the run.
    commit: async () => {
      await checkTarget(dir, target);
      return replaceFolder(target, stagingDir);
    },
    discard: () => rm(stagingDir, { recursive: true, force: true }),
    discardSync: () => discardStagingSync(target, stagingDir),
  };
}

/** Scenario file in an output record: as given on the command line, and as a path from the output folder. */
interface RecordedFile {
  file?: unknown;
  path?: unknown;
}

/**
 * Returns the path of a file from an output folder, with `/` between names, which the folder's record
 * keeps so that a later command finds the file from any current folder.
 */
export function pathFromFolder(folder: string, file: string): string {
  return relative(folder, resolve(file)).split(sep).join('/');
}

/** The scenario a command writes output for, and the output file that records it. */
export interface FolderOwner {
  /** Output file of the command that records its scenario, such as summary.json. */
  record: string;
  /**
   * Reads the scenario's file (as given, and its path from the output folder) and name from the
   * record, and the same for the plans compared with it. Older output may lack any of them.
   */
  read: (document: unknown) => (RecordedFile & { name?: unknown; plans?: unknown }) | undefined;
  /** The scenario file as given on the command line. */
  file: string;
  name: string;
  /** The plan files compared with the scenario, for `compare`: a comparison of other plans is kept too. */
  plans?: readonly string[];
}

/**
 * Stops a command that writes to its default folder when that folder contains the output of another
 * command, or of another scenario file. Names that differ only in punctuation or symbols give one
 * folder name, and a plan without a name of its own takes its base's, so without this check one
 * scenario's output would replace another's.
 *
 * @param ownFiles the files the command writes
 * @throws InputError (as a rejection) when the folder contains such output
 */
export async function checkDefaultFolderOwner(dir: string, ownFiles: readonly string[], owner: FolderOwner): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    // A folder that does not exist or cannot be read is left to prepareOutput's checks.
    return;
  }
  const otherCommand = entries.filter((entry) => OWN_OUTPUT_CHECKS.has(entry) && !ownFiles.includes(entry)).sort();
  if (otherCommand.length > 0) throw new InputError(messages.defaultFolderOtherCommand(dir, otherCommand));

  // A folder without this command's output is left to prepareOutput's checks.
  if (!entries.some((entry) => ownFiles.includes(entry))) return;
  let recorded: ReturnType<FolderOwner['read']>;
  try {
    recorded = owner.read(JSON.parse(await readFile(join(dir, owner.record), 'utf8')));
  } catch {
    // Output whose record is missing or damaged may be another scenario's, so it is kept.
    throw new InputError(messages.defaultFolderUnknownOwner(dir, owner.record));
  }
  // A path from the folder finds the file from any current folder; older records give only the file as typed.
  const located = (entry: RecordedFile | null | undefined): string | undefined => {
    if (typeof entry?.path === 'string') return canonicalPath(resolve(dir, entry.path));
    return typeof entry?.file === 'string' ? canonicalPath(entry.file) : undefined;
  };
  const file = typeof recorded?.file === 'string' ? recorded.file : undefined;
  const name = typeof recorded?.name === 'string' ? recorded.name : undefined;
  const location = located(recorded);
  const same =
    location !== undefined
      ? location === canonicalPath(owner.file)
      : name === undefined || name.normalize('NFC') === owner.name.normalize('NFC');
  if (!same) throw new InputError(messages.defaultFolderTaken(dir, owner.record, name, file));
  if (owner.plans === undefined) return;

  // The same plans in another order make the same comparison.
  const recordedPlans: RecordedFile[] = Array.isArray(recorded?.plans) ? recorded.plans : [];
  const recordedKey = JSON.stringify(recordedPlans.map(located).sort());
  if (recordedKey !== JSON.stringify(owner.plans.map(canonicalPath).sort())) {
    const files = recordedPlans.map((plan) => (typeof plan?.file === 'string' ? plan.file : '?'));
    throw new InputError(messages.defaultFolderOtherPlans(dir, owner.record, files));
  }
}

/**
 * Returns a path with its symbolic links resolved by the system, which follows a link before the `..`
 * after it as opening the file does, or only made absolute when it does not exist.
 */
function canonicalPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Returns the stem of the staging folders of an output folder named `name`: the name itself, or, when
 * it is longer than {@link MAX_STAGING_STEM_BYTES}, its start and 8 hex digits of its SHA-256 hash.
 * The hash keeps apart two long names that start alike, so that one run never removes or restores
 * the staging folders of the other.
 */
export function stagingStem(name: string): string {
  if (Buffer.byteLength(name) <= MAX_STAGING_STEM_BYTES) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  let start = '';
  for (const character of name) {
    if (Buffer.byteLength(start + character) > MAX_STAGING_STEM_BYTES - hash.length - 1) break;
    start += character;
  }
  return `${start}-${hash}`;
}

/**
 * Checks that no name in the output folder's path is longer than {@link MAX_NAME_BYTES}, so that the
 * command stops before it runs, not when it moves its output into place. A missing parent folder
 * hides this error from the file system until then.
 *
 * @throws InputError naming the folder, the lengths and the fix
 */
function checkNameLengths(dir: string): void {
  if (longestNameBytes(dir) > MAX_NAME_BYTES) throw nameTooLong(dir);
}

function longestNameBytes(dir: string): number {
  return Math.max(...resolve(dir).split(sep).map((name) => Buffer.byteLength(name)));
}

function nameTooLong(dir: string): InputError {
  return new InputError(messages.outputNameTooLong(dir, longestNameBytes(dir), Buffer.byteLength(resolve(dir))));
}

/** Writes a file from its pieces in order, so that the whole text never has to be in memory at once. */
async function writePieces(path: string, pieces: Iterable<string>, signal: AbortSignal | undefined): Promise<void> {
  await pipeline(Readable.from(pieces), createWriteStream(path, { encoding: 'utf8' }), { signal });
}

/** Turns a file system error on the output folder into an input error with the folder and the fix. */
function folderError(dir: string, error: unknown): InputError {
  const { code, path } = error as NodeJS.ErrnoException;
  // ENAMETOOLONG is for one name in the path over the limit or for the whole path (4096 bytes on Linux).
  if (code === 'ENAMETOOLONG') return nameTooLong(dir);
  const where = path ?? dir;
  const reason = FOLDER_ERROR_REASONS[code ?? ''];
  return new InputError(messages.outputNotWritable(dir, reason === undefined ? (error as Error).message : reason(where)));
}

/** Plain words for the file system errors that a mistyped or protected `--out` meets. */
const FOLDER_ERROR_REASONS: Record<string, (path: string) => string> = {
  ENOTDIR: (path) => `${fileOnPath(path)} is a file, not a folder`,
  EACCES: (path) => `permission to write in ${dirname(path)} is denied`,
  EPERM: (path) => `the system does not allow creating a folder in ${dirname(path)}`,
  EROFS: (path) => `${dirname(path)} is on a read-only file system`,
  ELOOP: (path) => `the symbolic links of ${path} form a loop`,
  // /proc fails a new folder with "no such file" even though the folder above exists.
  ENOENT: (path) => `the system could not create a folder in ${dirname(path)}`,
};

/** Returns the part of `path` nearest the root that exists and is not a folder, or `path` when there is none. */
function fileOnPath(path: string): string {
  const parts: string[] = [];
  for (let part = path; part !== dirname(part); part = dirname(part)) parts.unshift(part);
  for (const part of parts) {
    try {
      if (!statSync(part).isDirectory()) return part;
    } catch {
      return path;
    }
  }
  return path;
}

/**
 * Returns the absolute path to write to. A symbolic link is resolved to the folder it points to,
 * because renaming the staging folder onto the link would replace the link and leave that folder stale.
 */
async function resolveTarget(dir: string): Promise<string> {
  const target = resolve(dir);
  let isLink: boolean;
  try {
    isLink = (await lstat(target)).isSymbolicLink();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return target;
    throw folderError(dir, error);
  }
  if (!isLink) return target;

  try {
    return await realpath(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw folderError(dir, error);
    const linked = resolve(dirname(target), await readlink(target));
    throw new InputError(messages.outputLinkMissing(dir, linked));
  }
}

/**
 * Removes the staging folders beside `target` whose process has ended, as a killed or crashed run
 * leaves them. A folder whose process is alive belongs to a run in progress and is left alone.
 * A previous output that a dead run had moved aside (`.old.tmp`) goes back into place when
 * `target` is missing, since that run never finished replacing it.
 *
 * NOTE: a process id that the system has since given to another process looks alive, so that
 * run's staging folder stays until the id is free again.
 *
 * @returns a warning for each stale folder that could not be removed; the run goes on without it
 */
async function removeStaleStaging(target: string): Promise<string[]> {
  const parent = dirname(target);
  const prefix = `.${stagingStem(basename(target))}.`;
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    // A missing or unreadable parent has no staging folders to remove, and checkTarget or mkdir reports it.
    return [];
  }

  const warnings: string[] = [];
  for (const name of entries) {
    const match = name.startsWith(prefix) ? STAGING_SUFFIX.exec(name.slice(prefix.length)) : null;
    if (match === null) continue;
    const path = join(parent, name);
    if (isProcessAlive(Number(match[1]))) {
      // The process is a run that is replacing the folder now, or one that took the id of a dead run.
      if (match[2] !== undefined && !(await exists(target))) warnings.push(messages.outputAsideOfLiveProcess(path, target, match[1]!));
      continue;
    }
    try {
      if (!(await lstat(path)).isDirectory()) continue;
      if (match[2] !== undefined && !(await exists(target))) await rename(path, target);
      else await rm(path, { recursive: true, force: true });
    } catch (error) {
      warnings.push(messages.outputStaleNotRemoved(path, (error as Error).message));
    }
  }
  return warnings;
}

/** Tells whether a process with this id exists. Signal 0 checks for it without sending anything. */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks that an existing output folder may be replaced: a folder that someone may write to, holding
 * nothing but files that a tttsim command wrote (this command's or another's).
 */
async function checkTarget(dir: string, target: string): Promise<void> {
  let info: Stats;
  try {
    info = await stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw folderError(dir, error);
  }
  if (!info.isDirectory()) throw new InputError(messages.outputIsFile(dir));
  if (containsCurrentFolder(target)) throw new InputError(messages.outputContainsCurrentFolder(dir, target));
  // A folder without write permission for anyone was protected on purpose. Root could still replace it, so the mode decides.
  if ((info.mode & 0o222) === 0) throw new InputError(messages.outputReadOnly(dir, readOnlyFix(target, info)));

  const foreign: string[] = [];
  const nested: string[] = [];
  const readOnly: string[] = [];
  for (const entry of (await readdir(target)).sort()) {
    const path = join(target, entry);
    if (OWN_OUTPUT_CHECKS.has(entry) && (await isOwnOutput(path, entry))) {
      // An output file without write permission for anyone was protected on purpose, as a folder is.
      if (((await lstat(path)).mode & 0o222) === 0) readOnly.push(entry);
      continue;
    }
    if (await isOutputFolder(path)) nested.push(entry);
    else foreign.push(entry);
  }
  if (foreign.length > 0) throw new InputError(messages.outputNotOurs(dir, foreign));
  if (nested.length > 0) throw new InputError(messages.outputHoldsOutput(dir, nested));
  if (readOnly.length > 0) throw new InputError(messages.outputFilesReadOnly(dir, readOnly));
}

/** Linux's magic numbers of the proc and sysfs file systems, whose modes not even root can change. */
const KERNEL_FILE_SYSTEMS = new Set([0x9fa0, 0x62656572]);

/** Returns the fix that a read-only folder allows: chmod for its owner or root, another folder otherwise. */
function readOnlyFix(target: string, info: Stats): 'chmod' | 'kernel' | 'other user' {
  if (process.platform === 'linux' && KERNEL_FILE_SYSTEMS.has(statfsSync(target).type)) return 'kernel';
  const uid = process.getuid?.();
  return uid === undefined || uid === 0 || uid === info.uid ? 'chmod' : 'other user';
}

/** Deepest nesting of output folders that {@link isOutputFolder} follows. */
const MAX_NESTED_OUTPUT_DEPTH = 8;

/**
 * Tells whether `path` is a folder of tttsim output: a real folder, not a link, whose entries are
 * all files that a tttsim command wrote or folders of such output. Replacing the folder around it
 * would delete that output too.
 */
async function isOutputFolder(path: string, depth = 0): Promise<boolean> {
  if (depth > MAX_NESTED_OUTPUT_DEPTH) return false;
  try {
    if (!(await lstat(path)).isDirectory()) return false;
    const entries = await readdir(path);
    if (entries.length === 0) return false;
    for (const entry of entries) {
      const inner = join(path, entry);
      if (!(await isOwnOutput(inner, entry)) && !(await isOutputFolder(inner, depth + 1))) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Rejects an output folder inside a folder that contains the output of another run: that folder
 * could then not be replaced without deleting this one, so its next run would stop.
 *
 * @throws InputError (as a rejection) naming the nearest such folder
 */
async function checkNotInsideOutput(dir: string, target: string): Promise<void> {
  for (let folder = dirname(target); ; folder = dirname(folder)) {
    for (const name of OWN_OUTPUT_CHECKS.keys()) {
      if (await isOwnOutput(join(folder, name), name)) throw new InputError(messages.outputInsideOutput(dir, folder));
    }
    if (dirname(folder) === folder) return;
  }
}

/**
 * Rejects an output folder that contains one of the command's input files, such as a scenario, a base
 * it extends or an observed file, since replacing the folder would delete that input.
 *
 * @throws InputError naming the first such input
 */
function checkInputsOutside(dir: string, target: string, inputs: readonly string[]): void {
  let folder: string;
  try {
    folder = realpathSync.native(target);
  } catch {
    // A folder that does not exist yet contains no input.
    return;
  }
  const prefix = folder.endsWith(sep) ? folder : folder + sep;
  for (const input of inputs) {
    const path = canonicalPath(input);
    if (path.startsWith(prefix)) throw new InputError(messages.outputHoldsInput(dir, path));
  }
}

/** Tells whether the process's current folder is the existing folder `target` or lies inside it. */
function containsCurrentFolder(target: string): boolean {
  let current: string;
  let folder: string;
  try {
    current = realpathSync(process.cwd());
    folder = realpathSync(target);
  } catch {
    // A current folder that no longer exists cannot be inside the target.
    return false;
  }
  return current === folder || current.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * Number of bytes read from the start of a file to tell whether tttsim wrote it. In a JSON file the
 * marker can follow a text of any length: the scenario name (summary.json), the command line
 * (fit.json) or the scenario description (scenario.resolved.json). 16 KiB leaves room for long ones.
 *
 * NOTE: a file whose marker lies further in, such as after a scenario name of more than 16 KiB, is not
 * recognised, so the folder is kept and the command exits with 2.
 */
const HEAD_BYTES = 16 * 1024;

/** Headers of compare.csv: the current one, and the one before the `no_deaths_averted_share` column. */
const COMPARE_CSV_HEADERS = [
  COMPARE_CSV_HEADER,
  'plan,region,kpi,mean,p5,p25,p50,p75,p95,diff_mean,diff_p5,diff_p25,diff_p50,diff_p75,diff_p95,prob_better,prob_worse',
];

/**
 * Fields of the `simulation` group that every tttsim version fills in when it writes a scenario,
 * given or not. `solver` is left out, since versions before it existed did not write it.
 */
const FILLED_SIMULATION_FIELDS = ['start', 'end', 'stepDays', 'stochasticStepDays', 'mode', 'runs', 'seed'];

/**
 * Checks of each output file name, on the first {@link HEAD_BYTES} of a file: true when the content
 * is what tttsim writes under that name, in this version or an earlier one. They cover the files of
 * `run`, `compare` and `calibrate`.
 */
const OWN_OUTPUT_CHECKS: ReadonlyMap<string, (head: string) => boolean> = new Map([
  ['series.csv', (head: string) => head.startsWith(`${SERIES_CSV_HEADER}\n`)],
  ['summary.json', hasEngineVersion],
  ['report.html', (head: string) => isPage(head, 'tttsim report: ')],
  ['scenario.resolved.json', isWrittenScenario],
  ['compare.csv', (head: string) => COMPARE_CSV_HEADERS.some((header) => head.startsWith(`${header}\n`))],
  ['compare.json', hasEngineVersion],
  ['compare.html', (head: string) => isPage(head, 'tttsim comparison: ')],
  ['scenario.fitted.json', isWrittenScenario],
  ['fit.json', hasEngineVersion],
  ['fit.html', (head: string) => isPage(head, 'tttsim fit: ')],
]);

/**
 * Tells whether the file `name` in an existing output folder is output that tttsim wrote. Only a
 * regular file can be, and a file that cannot be read counts as not tttsim's, so the folder is kept.
 */
async function isOwnOutput(path: string, name: string): Promise<boolean> {
  const check = OWN_OUTPUT_CHECKS.get(name);
  if (check === undefined) return false;
  try {
    // lstat first, because opening a named pipe would wait for a writer.
    if (!(await lstat(path)).isFile()) return false;
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      return check(buffer.toString('utf8', 0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** Tells whether the text starts an HTML page of tttsim whose `<title>` starts with `titlePrefix`. */
function isPage(head: string, titlePrefix: string): boolean {
  return head.startsWith('<!doctype html>\n') && head.includes(`\n<title>${titlePrefix}`);
}

/**
 * Tells whether the text starts a JSON object in tttsim's layout whose top level has an `engineVersion`
 * field, as summary.json, compare.json and fit.json do. Only top-level fields are indented by two spaces.
 */
function hasEngineVersion(head: string): boolean {
  return head.startsWith('{\n  "') && head.includes('\n  "engineVersion": "') && hasStringifyLayout(head);
}

/**
 * Tells whether the text starts a scenario as tttsim writes it (scenario.resolved.json and
 * scenario.fitted.json): in tttsim's layout, with the fields in the order of the scenario schema,
 * `name`, `description` and `simulation` first, and with {@link FILLED_SIMULATION_FIELDS} filled in.
 */
function isWrittenScenario(head: string): boolean {
  const start = WRITTEN_SCENARIO_START.exec(head);
  if (start === null || !hasStringifyLayout(head)) return false;
  const simulation = start[1]!;
  return FILLED_SIMULATION_FIELDS.every((field) => simulation.includes(`\n    "${field}": `));
}

/** A JSON string: quotes around characters other than quotes and backslashes, and escapes. */
const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;

/** Start of a scenario that tttsim wrote, up to the end of its `simulation` group, which group 1 captures. */
const WRITTEN_SCENARIO_START = new RegExp(
  String.raw`^\{\n  "name": ${JSON_STRING},\n  "description": ${JSON_STRING},\n  "simulation": \{(\n[\s\S]*?)\n  \}`,
);

/**
 * Tells whether JSON text has the layout of `JSON.stringify(value, null, 2)`, which tttsim writes:
 * every object and array that is not empty opens a new line. Hand-written files usually keep short
 * arrays on one line, such as `"ageBands": ["all"]`. Text inside strings is skipped, and a text cut
 * off at {@link HEAD_BYTES} is checked as far as it goes.
 */
function hasStringifyLayout(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    if (inString) {
      if (character === '\\') i++;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if ((character === '{' || character === '[') && i + 1 < text.length) {
      const next = text[i + 1];
      if (next !== '\n' && next !== '}' && next !== ']') return false;
    }
  }
  return true;
}

/**
 * Moves `stagingDir` to `target`. An existing target is first moved aside, and it is deleted only
 * after the new folder is in place. If that second rename fails, the old folder is moved back.
 *
 * @returns a warning when the old folder cannot be deleted after the new one is in place
 * @throws OutputWriteError (as a rejection) when either rename fails because the file system is full or
 *   broken, and InputError when it rejects the rename, such as for permissions (EACCES, EPERM) or a
 *   folder in use (EBUSY)
 */
async function replaceFolder(target: string, stagingDir: string): Promise<string | undefined> {
  const backup = backupPath(stagingDir);
  let hadTarget = true;
  try {
    await rename(target, backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw commitError(target, error, undefined);
    hadTarget = false;
  }

  try {
    await rename(stagingDir, target);
  } catch (error) {
    // Should moving the old folder back fail too, the next run into this folder moves it back.
    const restored = !hadTarget || (await rename(backup, target).then(() => true, () => false));
    throw commitError(target, error, restored ? undefined : backup);
  }
  if (!hadTarget) return undefined;

  // The new output is complete at this point, so a failure to delete the old one is only a warning.
  // The next run into this folder removes the leftover, because this process will have ended.
  try {
    await rm(backup, { recursive: true, force: true });
    return undefined;
  } catch (error) {
    return messages.outputBackupNotRemoved(backup, (error as Error).message);
  }
}

/** Returns where {@link replaceFolder} moves the previous output while it puts the staging folder in place. */
function backupPath(stagingDir: string): string {
  return stagingDir.replace(/\.tmp$/, '.old.tmp');
}

/** Removes the staging folder, and moves the previous output back when a cut-short commit left it aside. */
function discardStagingSync(target: string, stagingDir: string): void {
  rmSync(stagingDir, { recursive: true, force: true });
  const backup = backupPath(stagingDir);
  if (!existsSync(backup) || existsSync(target)) return;
  try {
    renameSync(backup, target);
  } catch {
    // The process is exiting, so there is no one to tell. The next run into the folder moves it back.
  }
}

/**
 * Returns the error for a failed rename while replacing the output folder.
 *
 * @param movedAside where the previous output now is, when it could not be moved back into place
 */
function commitError(target: string, error: unknown, movedAside: string | undefined): Error {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (SYSTEM_FAILURE_CODES.has(code)) return new OutputWriteError(target, error);
  if (code === 'ENAMETOOLONG' && movedAside === undefined) return nameTooLong(target);
  return new InputError(messages.outputNotReplaced(target, (error as Error).message, movedAside));
}
