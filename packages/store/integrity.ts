// Corruption is found when a folder is opened, not later as a dynalite stack trace or as rows
// that silently went missing. A clean close writes a manifest of the LevelDB files (size and
// SHA-256); the next open compares. LevelDB files only change while the store is open, so any
// difference is damage from outside (a sync tool, a full disk, a stray write).

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { StoreBusyError, StoreCorruptError } from './errors.ts';
import { folderFiles, writeAtomically } from './folder.ts';

interface Manifest {
  format: 'promisegap-store-manifest';
  version: 1;
  closedAt: string;
  files: Record<string, { size: number; sha256: string }>;
}

/** LevelDB's own lock and its human info log change without the data changing. */
const ignored = (name: string) => name === 'LOCK' || name === 'LOG' || name === 'LOG.old';

const hashFile = (path: string): Promise<string> =>
  new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });

const loadLevel = () => {
  // dynalite's own copy of `level`, so the check opens the files exactly as dynalite will.
  const fromDynalite = createRequire(import.meta.url).resolve('dynalite');
  return (
    createRequire(fromDynalite)('level') as {
      Level: new (path: string, options: Record<string, unknown>) => LevelDb;
    }
  ).Level;
};

/** True when no process holds the LevelDB files (the OS releases LevelDB's lock when one dies). */
export const levelDbIsFree = async (levelDb: string): Promise<boolean> => {
  if (!existsSync(join(levelDb, 'CURRENT'))) return true;
  const Level = loadLevel();
  const db = new Level(levelDb, { createIfMissing: false });
  try {
    await db.open();
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code !== 'LEVEL_LOCKED';
  }
  await db.close();
  return true;
};

const dataFiles = (levelDb: string): string[] =>
  existsSync(levelDb)
    ? readdirSync(levelDb)
        .filter((name) => !ignored(name))
        .sort()
    : [];

const whatToDo = (dataDir: string) =>
  `restore a backup with \`promisegap restore FILE --data-dir ${dataDir} --replace\` (the damaged files are kept aside), or move ${join(dataDir, 'dynamodb')} away to start empty`;

/** Writes the manifest of the closed store's files. */
export const writeManifest = async (dataDir: string, now: () => Date): Promise<void> => {
  const { levelDb, manifest } = folderFiles(dataDir);
  const files: Manifest['files'] = {};
  for (const name of dataFiles(levelDb)) {
    const path = join(levelDb, name);
    files[name] = { size: statSync(path).size, sha256: await hashFile(path) };
  }
  const body: Manifest = {
    format: 'promisegap-store-manifest',
    version: 1,
    closedAt: now().toISOString(),
    files,
  };
  writeAtomically(manifest, `${JSON.stringify(body, null, 1)}\n`);
};

/**
 * Compares the folder with the manifest of its last clean close, reading only: the differences,
 * or the reason the manifest itself cannot be read. 'unclean': data but no manifest (a crash or
 * a kill, or the folder is open now); 'empty': nothing stored yet.
 */
export const checkManifest = async (
  dataDir: string,
): Promise<
  | { state: 'clean'; closedAt: string }
  | { state: 'unclean' | 'empty' }
  | { state: 'changed'; closedAt: string; problems: string[] }
  | { state: 'damaged'; problems: string[]; cause: unknown }
> => {
  const { levelDb, manifest } = folderFiles(dataDir);
  if (!existsSync(manifest)) return { state: existsSync(join(levelDb, 'CURRENT')) ? 'unclean' : 'empty' };
  let parsed: Manifest;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
    if (parsed.format !== 'promisegap-store-manifest' || typeof parsed.files !== 'object') {
      throw new Error('not a promisegap store manifest');
    }
  } catch (cause) {
    return { state: 'damaged', problems: [`${manifest} is damaged`], cause };
  }
  const problems: string[] = [];
  const present = new Set(dataFiles(levelDb));
  for (const [name, expected] of Object.entries(parsed.files)) {
    const path = join(levelDb, name);
    if (!present.has(name)) {
      problems.push(`${name} is missing`);
      continue;
    }
    const size = statSync(path).size;
    if (size !== expected.size) problems.push(`${name} changed size (${expected.size} → ${size} bytes)`);
    else if ((await hashFile(path)) !== expected.sha256) problems.push(`${name} changed content`);
  }
  for (const name of present) if (!(name in parsed.files)) problems.push(`${name} appeared`);
  return problems.length > 0
    ? { state: 'changed', closedAt: parsed.closedAt, problems }
    : { state: 'clean', closedAt: parsed.closedAt };
};

/** The one-line description of a folder that failed its check. */
export const corruptionMessage = (dataDir: string, closedAt: string, problems: string[]): string =>
  `the store in ${dataDir} was changed outside promisegap since it was closed on ${closedAt} (${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}); nothing was read from it. ${whatToDo(dataDir)}`;

/**
 * Throws StoreCorruptError naming every file that differs from the manifest. The manifest is
 * removed once checked: the store is open from now on, and a crash before the next clean close
 * leaves no manifest to trust.
 */
export const verifyManifest = async (dataDir: string): Promise<'clean' | 'unclean' | 'empty'> => {
  const checked = await checkManifest(dataDir);
  if (checked.state === 'damaged') {
    throw new StoreCorruptError(
      dataDir,
      checked.problems,
      `the store in ${dataDir} cannot be checked: ${checked.problems[0]}; ${whatToDo(dataDir)}`,
      { cause: checked.cause },
    );
  }
  if (checked.state === 'changed') {
    throw new StoreCorruptError(
      dataDir,
      checked.problems,
      corruptionMessage(dataDir, checked.closedAt, checked.problems),
    );
  }
  if (checked.state === 'clean') rmSync(folderFiles(dataDir).manifest, { force: true });
  return checked.state;
};

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the LevelDB files once before dynalite does: dynalite reports an open failure later, as
 * an uncaught error with a stack. Here it becomes a named error that says which folder and what to do.
 */
export const checkLevelDb = async (levelDb: string): Promise<void> => {
  const Level = loadLevel();
  const dataDir = join(levelDb, '..');
  const db = new Level(levelDb, { valueEncoding: 'json' });
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') {
      throw new StoreBusyError(
        dataDir,
        0,
        `the data directory ${dataDir} is open in another program (LevelDB lock held); stop it, or pass --data-dir with another folder`,
        { cause: error },
      );
    }
    throw new StoreCorruptError(
      dataDir,
      [cause?.message ?? String(error)],
      `the store in ${dataDir} cannot be opened (${cause?.message ?? (error as Error).message}); nothing was read from it. ${whatToDo(dataDir)}`,
      { cause: error },
    );
  }
  await db.close();
};
