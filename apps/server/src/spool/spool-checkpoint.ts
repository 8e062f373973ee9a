import fs from 'node:fs/promises';
import path from 'node:path';
import type { SpoolPosition } from './spool-position';

/**
 * How far the consumer got. `consumed`: everything before it is fully processed and stored.
 * `pending`: a range whose processing started but was not confirmed; after a crash it is processed
 * again as exactly the same range, so that its writes carry the same deduplication tokens.
 */
export interface SpoolCheckpoint {
  consumed: SpoolPosition;
  pending: { from: SpoolPosition; to: SpoolPosition } | null;
}

const FILE = 'checkpoint.json';

export async function readCheckpoint(dir: string): Promise<SpoolCheckpoint> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, FILE), 'utf8')) as SpoolCheckpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { consumed: { segment: 1, offset: 0 }, pending: null };
    throw error;
  }
}

/** Replaces the checkpoint atomically and durably (write, fsync, rename, fsync the directory). */
export async function writeCheckpoint(dir: string, checkpoint: SpoolCheckpoint): Promise<void> {
  const tmp = path.join(dir, `${FILE}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(JSON.stringify(checkpoint));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, path.join(dir, FILE));
  await syncDirectory(dir);
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
