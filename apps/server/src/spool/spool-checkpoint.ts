import fs from 'node:fs/promises';
import path from 'node:path';
import type { SpoolPosition } from './spool-position';

/** The records from `from` up to (not including) `to`. */
export interface SpoolRange {
  from: SpoolPosition;
  to: SpoolPosition;
}

/**
 * How far the consumer got. `consumed`: everything before it is fully processed and stored.
 * `pending`: ranges whose processing started but was not confirmed, in order, the first starting at
 * `consumed` (the consumer processes the next range while it writes the rows of the one before);
 * after a crash each is processed again as exactly the same range, so that its writes carry the same
 * deduplication tokens.
 */
export interface SpoolCheckpoint {
  consumed: SpoolPosition;
  pending: SpoolRange[];
}

const FILE = 'checkpoint.json';

export async function readCheckpoint(dir: string): Promise<SpoolCheckpoint> {
  let stored: { consumed: SpoolPosition; pending: SpoolRange[] | SpoolRange | null };
  try {
    stored = JSON.parse(await fs.readFile(path.join(dir, FILE), 'utf8')) as typeof stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { consumed: { segment: 1, offset: 0 }, pending: [] };
    throw error;
  }
  // Checkpoints written before read-ahead held one pending range or null.
  const pending = Array.isArray(stored.pending) ? stored.pending : stored.pending ? [stored.pending] : [];
  return { consumed: stored.consumed, pending };
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
