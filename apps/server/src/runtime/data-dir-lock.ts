import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

function isHedgerowProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A recycled pid belonging to an unrelated program does not hold the lock.
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /hedgerow|node/i.test(cmdline);
  } catch {
    return true;
  }
}

/**
 * One Hedgerow server per data dir: chDB and the spool must not be opened by two processes. The lock
 * is a pid file created exclusively; a file left by a process that died is taken over.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): DataDirLock {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'hedgerow.pid');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx');
        fs.writeSync(fd, `${process.pid}\n`);
        fs.closeSync(fd);
        return new DataDirLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
        if (Number.isInteger(pid) && pid !== process.pid && isHedgerowProcess(pid)) {
          throw new DataDirLockedError(
            `Another Hedgerow process (pid ${pid}) is already using the data directory ${dataDir}.\n` +
              'Stop it first, or point this one at another directory with HEDGEROW_DATA_DIR.',
          );
        }
        fs.rmSync(file, { force: true });
      }
    }
    throw new DataDirLockedError(`Could not lock the data directory ${dataDir}.`);
  }

  release(): void {
    try {
      if (Number.parseInt(fs.readFileSync(this.file, 'utf8'), 10) === process.pid) fs.rmSync(this.file);
    } catch {
      // Already gone.
    }
  }
}
