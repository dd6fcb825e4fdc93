// The files a data folder holds beside the LevelDB store: the holder's lock, the endpoint it
// publishes to other commands, and the leases of the commands that use it. All small JSON or pid
// files, written atomically (temporary file + rename) so a reader never sees half of one.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreBusyError } from './errors.ts';

/** What the holder publishes: where its dynalite listens, who it is, and the token it requires. */
export interface PublishedEndpoint {
  endpoint: string;
  pid: number;
  token: string;
  startedAt: string;
}

export const folderFiles = (dataDir: string) => ({
  lock: join(dataDir, 'promisegap.pid'),
  endpoint: join(dataDir, 'promisegap.endpoint.json'),
  leases: join(dataDir, 'promisegap.clients'),
  levelDb: join(dataDir, 'dynamodb'),
  manifest: join(dataDir, 'dynamodb.manifest.json'),
});

/** True while a process with this pid exists (EPERM: it exists but belongs to another user). */
export const isAlive = (pid: number): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export const writeAtomically = (path: string, text: string): void => {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
};

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** The lock holder's pid, or undefined when nobody holds (or the file is unreadable garbage). */
export const readLockPid = (dataDir: string): number | undefined => {
  const text = readText(folderFiles(dataDir).lock);
  const pid = text === undefined ? Number.NaN : Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

/**
 * Takes the folder's lock with O_EXCL, so of two commands starting together exactly one wins. A
 * lock left by a process that no longer exists is removed first. Returns the pid of the live
 * holder when another process has it.
 */
export const tryTakeLock = (dataDir: string): { taken: true } | { taken: false; holder: number } => {
  const { lock } = folderFiles(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      return { taken: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLockPid(dataDir);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) return { taken: false, holder };
    if (holder === process.pid) return { taken: false, holder };
    // Stale: its process is gone. Move it aside under a unique name (rename is atomic, so two
    // commands cleaning up together cannot both remove a lock that a third has just taken).
    const aside = `${lock}.${process.pid}.stale`;
    try {
      renameSync(lock, aside);
      const moved = Number(readText(aside)?.trim());
      rmSync(aside, { force: true });
      if (Number.isInteger(moved) && moved !== holder && isAlive(moved)) {
        // We moved a lock a live process took meanwhile: give it back.
        writeFileSync(lock, String(moved), { flag: 'wx', mode: 0o600 });
        return { taken: false, holder: moved };
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const holder = readLockPid(dataDir);
  return holder === undefined ? { taken: false, holder: 0 } : { taken: false, holder };
};

export const releaseLock = (dataDir: string): void => {
  if (readLockPid(dataDir) === process.pid) rmSync(folderFiles(dataDir).lock, { force: true });
};

/** Only for a lock proven stale (its LevelDB files are free although its pid is alive: reused). */
export const removeLockFile = (dataDir: string): void => rmSync(folderFiles(dataDir).lock, { force: true });

export const publishEndpoint = (dataDir: string, published: PublishedEndpoint): void =>
  writeAtomically(folderFiles(dataDir).endpoint, `${JSON.stringify(published)}\n`);

export const unpublishEndpoint = (dataDir: string, token: string): void => {
  if (readEndpoint(dataDir)?.token === token) rmSync(folderFiles(dataDir).endpoint, { force: true });
};

export const removeEndpointFile = (dataDir: string): void =>
  rmSync(folderFiles(dataDir).endpoint, { force: true });

/** The published endpoint, or undefined when none is published or the file is not one. */
export const readEndpoint = (dataDir: string): PublishedEndpoint | undefined => {
  const text = readText(folderFiles(dataDir).endpoint);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<PublishedEndpoint>;
    if (
      typeof value.endpoint === 'string' &&
      /^http:\/\/127\.0\.0\.1:\d+$/.test(value.endpoint) &&
      typeof value.pid === 'number' &&
      typeof value.token === 'string' &&
      typeof value.startedAt === 'string'
    ) {
      return value as PublishedEndpoint;
    }
  } catch {
    // Not JSON: treated like a stale file below.
  }
  return undefined;
};

/** A lease says "this command uses the folder through the holder": the holder waits for it on close. */
export const takeLease = (dataDir: string): (() => void) => {
  const dir = folderFiles(dataDir).leases;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, String(process.pid), { mode: 0o600 });
  return () => rmSync(file, { force: true });
};

/** Pids of live commands holding a lease; leases of dead processes are removed on the way. */
export const liveLeases = (dataDir: string): number[] => {
  const dir = folderFiles(dataDir).leases;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const pids: number[] = [];
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (isAlive(pid)) pids.push(pid);
    else rmSync(join(dir, name), { force: true });
  }
  return pids;
};

/** What `doctor` shows about a data folder, read without opening it. */
export interface FolderState {
  dataDir: string;
  exists: boolean;
  /** The pid holding the folder now, if any process does. */
  holder?: number;
  /** The endpoint file names a process that is gone. */
  staleEndpoint: boolean;
  /** 'clean': closed cleanly last time (manifest present); 'open': held now or not closed cleanly. */
  lastClose: 'clean' | 'unclean' | 'empty';
}

export const inspectFolder = (dataDir: string): FolderState => {
  const files = folderFiles(dataDir);
  const exists = existsSync(files.levelDb);
  const lockPid = readLockPid(dataDir);
  const holder = lockPid !== undefined && isAlive(lockPid) ? lockPid : undefined;
  const published = readEndpoint(dataDir);
  const hasData = exists && readdirSync(files.levelDb).some((n) => n === 'CURRENT');
  return {
    dataDir,
    exists,
    ...(holder !== undefined ? { holder } : {}),
    staleEndpoint: published !== undefined && !isAlive(published.pid),
    lastClose: !hasData ? 'empty' : existsSync(files.manifest) ? 'clean' : 'unclean',
  };
};

/**
 * Moves the folder's LevelDB files (and their manifest) aside, so a restore starts empty and
 * nothing is deleted. The folder must not be held by any live process.
 */
export const setAsideStore = (dataDir: string, stamp: string): string | undefined => {
  const files = folderFiles(dataDir);
  const lock = tryTakeLock(dataDir);
  if (!lock.taken) {
    throw new StoreBusyError(
      dataDir,
      lock.holder,
      `cannot replace the store in ${dataDir}: promisegap process ${lock.holder} is using it; stop it (serve, demo) and run the restore again`,
    );
  }
  try {
    if (!existsSync(files.levelDb)) return undefined;
    const aside = `${files.levelDb}.before-restore-${stamp}`;
    renameSync(files.levelDb, aside);
    if (existsSync(files.manifest)) renameSync(files.manifest, `${aside}.manifest.json`);
    return aside;
  } finally {
    releaseLock(dataDir);
  }
};
