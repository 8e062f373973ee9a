import fs from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { readCheckpoint, type SpoolCheckpoint, syncDirectory, writeCheckpoint } from './spool-checkpoint';
import { comparePositions, type SpoolPosition } from './spool-position';

const HEADER_BYTES = 8;
const SEGMENT_SUFFIX = '.seg';

export interface SpoolOptions {
  /** Start a new segment file past this size. */
  segmentBytes?: number;
  /** Refuse appends while this many bytes are written but not yet consumed. */
  maxUnconsumedBytes?: number;
}

export interface SpoolRecord {
  position: SpoolPosition;
  /** Where the record after this one starts. */
  next: SpoolPosition;
  payload: Buffer;
}

/** The spool holds as much unconsumed data as it may; capture answers 503 until the consumer catches up. */
export class SpoolFullError extends Error {
  override readonly name = 'SpoolFullError';
}

interface PendingAppend {
  payload: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const segmentName = (n: number) => `${String(n).padStart(12, '0')}${SEGMENT_SUFFIX}`;

/**
 * A durable, append-only log of accepted capture requests. `append` resolves only once the record is
 * on disk (written and fdatasync'd); appends that arrive while a sync runs are written together by the
 * next one (group commit), so throughput holds under load. Records are framed as
 * `[u32 length][u32 crc32][payload]`; a record torn by a crash was never acknowledged and is cut off
 * when the spool is opened again. Fully consumed segments are deleted when the checkpoint passes them.
 */
export class Spool {
  readonly #dir: string;
  readonly #segmentBytes: number;
  readonly #maxUnconsumed: number;
  /** Size of every segment on disk, by number. */
  readonly #segments = new Map<number, number>();
  #writeSegment: number;
  #writeHandle: fs.FileHandle;
  #queue: PendingAppend[] = [];
  #queuedBytes = 0;
  #writing: Promise<void> | null = null;
  #checkpoint: SpoolCheckpoint;
  #waiters: (() => void)[] = [];
  #readHandles = new Map<number, fs.FileHandle>();
  #closed = false;

  private constructor(
    dir: string,
    options: Required<SpoolOptions>,
    state: {
      segments: Map<number, number>;
      writeSegment: number;
      writeHandle: fs.FileHandle;
      checkpoint: SpoolCheckpoint;
    },
  ) {
    this.#dir = dir;
    this.#segmentBytes = options.segmentBytes;
    this.#maxUnconsumed = options.maxUnconsumedBytes;
    this.#segments = state.segments;
    this.#writeSegment = state.writeSegment;
    this.#writeHandle = state.writeHandle;
    this.#checkpoint = state.checkpoint;
  }

  /** Opens (or creates) the spool in `dir`, cutting off a record torn by a crash. */
  static async open(dir: string, options: SpoolOptions = {}): Promise<Spool> {
    await fs.mkdir(dir, { recursive: true });
    const checkpoint = await readCheckpoint(dir);
    const numbers = (await fs.readdir(dir))
      .filter((f) => f.endsWith(SEGMENT_SUFFIX))
      .map((f) => Number.parseInt(f, 10))
      .filter((n) => Number.isInteger(n))
      .sort((a, b) => a - b);
    const segments = new Map<number, number>();
    for (const n of numbers) segments.set(n, (await fs.stat(path.join(dir, segmentName(n)))).size);
    const last = numbers.at(-1) ?? Math.max(1, checkpoint.consumed.segment);
    if (numbers.length === 0) segments.set(last, 0);
    const validEnd = await validLength(path.join(dir, segmentName(last)));
    const handle = await fs.open(path.join(dir, segmentName(last)), 'a+');
    if (validEnd < (segments.get(last) ?? 0)) {
      await handle.truncate(validEnd);
      await handle.sync();
    }
    segments.set(last, validEnd);
    if (numbers.length === 0) await syncDirectory(dir);
    return new Spool(
      dir,
      {
        segmentBytes: options.segmentBytes ?? 64 * 1024 * 1024,
        maxUnconsumedBytes: options.maxUnconsumedBytes ?? 1024 ** 3,
      },
      { segments, writeSegment: last, writeHandle: handle, checkpoint },
    );
  }

  get checkpoint(): SpoolCheckpoint {
    return this.#checkpoint;
  }

  /** Position after the last durable record. */
  get end(): SpoolPosition {
    return { segment: this.#writeSegment, offset: this.#segments.get(this.#writeSegment) ?? 0 };
  }

  /** Bytes written but not yet consumed (plus appends waiting for their sync). */
  get unconsumedBytes(): number {
    let total = this.#queuedBytes;
    const { segment, offset } = this.#checkpoint.consumed;
    for (const [n, size] of this.#segments) {
      if (n > segment) total += size;
      else if (n === segment) total += Math.max(0, size - offset);
    }
    return total;
  }

  /** Appends one record; resolves once it is durable. Rejects with SpoolFullError when over the limit. */
  append(payload: Buffer): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The spool is closed.'));
    if (this.unconsumedBytes + payload.length + HEADER_BYTES > this.#maxUnconsumed) {
      return Promise.reject(
        new SpoolFullError('The spool is full; the event store is not keeping up or is down.'),
      );
    }
    this.#queuedBytes += payload.length + HEADER_BYTES;
    const done = new Promise<void>((resolve, reject) => this.#queue.push({ payload, resolve, reject }));
    this.#writing ??= this.#drain();
    return done;
  }

  /** Resolves once something beyond `position` is durable, or after `timeoutMs`. */
  waitForData(position: SpoolPosition, timeoutMs: number): Promise<void> {
    if (comparePositions(this.end, position) > 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.push(done);
    });
  }

  /**
   * Durable records from `from` on, about `maxBytes` of them (at least one when any exists), crossing
   * into later segments as needed.
   */
  async read(from: SpoolPosition, maxBytes: number): Promise<SpoolRecord[]> {
    const records: SpoolRecord[] = [];
    let pos = { ...from };
    let budget = maxBytes;
    while (budget > 0) {
      const size = this.#segments.get(pos.segment);
      if (size === undefined) break;
      if (pos.offset >= size) {
        if (pos.segment >= this.#writeSegment) break;
        pos = { segment: pos.segment + 1, offset: 0 };
        continue;
      }
      const handle = await this.#readHandle(pos.segment);
      const length = Math.min(size - pos.offset, Math.max(budget, HEADER_BYTES));
      const chunk = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(chunk, 0, length, pos.offset);
      let at = 0;
      while (at + HEADER_BYTES <= bytesRead) {
        const len = chunk.readUInt32LE(at);
        if (at + HEADER_BYTES + len > bytesRead) break;
        const payload = Buffer.from(chunk.subarray(at + HEADER_BYTES, at + HEADER_BYTES + len));
        const next = { segment: pos.segment, offset: pos.offset + at + HEADER_BYTES + len };
        records.push({ position: { segment: pos.segment, offset: pos.offset + at }, next, payload });
        at += HEADER_BYTES + len;
      }
      if (at === 0) {
        // One record bigger than the budget: read exactly it.
        const header = Buffer.allocUnsafe(HEADER_BYTES);
        await handle.read(header, 0, HEADER_BYTES, pos.offset);
        const len = header.readUInt32LE(0);
        const payload = Buffer.allocUnsafe(len);
        await handle.read(payload, 0, len, pos.offset + HEADER_BYTES);
        const next = { segment: pos.segment, offset: pos.offset + HEADER_BYTES + len };
        records.push({ position: pos, next, payload });
        return records;
      }
      budget -= at;
      pos = { segment: pos.segment, offset: pos.offset + at };
    }
    return records;
  }

  /** Stores the consumer's progress durably and deletes segments it has passed. */
  async commitCheckpoint(checkpoint: SpoolCheckpoint): Promise<void> {
    await writeCheckpoint(this.#dir, checkpoint);
    this.#checkpoint = checkpoint;
    for (const n of [...this.#segments.keys()]) {
      if (n < checkpoint.consumed.segment && n !== this.#writeSegment) {
        await this.#readHandles.get(n)?.close();
        this.#readHandles.delete(n);
        await fs.rm(path.join(this.#dir, segmentName(n)), { force: true });
        this.#segments.delete(n);
      }
    }
  }

  /** Waits for pending appends to become durable, then closes the files. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writing;
    for (const w of this.#waiters.splice(0)) w();
    await Promise.all([...this.#readHandles.values()].map((h) => h.close()));
    this.#readHandles.clear();
    await this.#writeHandle.close();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0);
        const frames: Buffer[] = [];
        let bytes = 0;
        for (const { payload } of batch) {
          const header = Buffer.allocUnsafe(HEADER_BYTES);
          header.writeUInt32LE(payload.length, 0);
          header.writeUInt32LE(crc32(payload), 4);
          frames.push(header, payload);
          bytes += HEADER_BYTES + payload.length;
        }
        try {
          let size = this.#segments.get(this.#writeSegment) ?? 0;
          if (size > 0 && size + bytes > this.#segmentBytes) {
            await this.#rotate();
            size = 0;
          }
          const buffer = Buffer.concat(frames, bytes);
          let written = 0;
          while (written < bytes) {
            const r = await this.#writeHandle.write(buffer, written, bytes - written, size + written);
            written += r.bytesWritten;
          }
          await this.#writeHandle.datasync();
          this.#segments.set(this.#writeSegment, size + bytes);
          this.#queuedBytes -= bytes;
          for (const p of batch) p.resolve();
          for (const w of this.#waiters.splice(0)) w();
        } catch (error) {
          this.#queuedBytes -= bytes;
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.#writing = null;
    }
  }

  async #rotate(): Promise<void> {
    await this.#writeHandle.sync();
    await this.#writeHandle.close();
    this.#writeSegment += 1;
    this.#writeHandle = await fs.open(path.join(this.#dir, segmentName(this.#writeSegment)), 'a+');
    this.#segments.set(this.#writeSegment, 0);
    await syncDirectory(this.#dir);
  }

  async #readHandle(segment: number): Promise<fs.FileHandle> {
    let handle = this.#readHandles.get(segment);
    if (!handle) {
      handle = await fs.open(path.join(this.#dir, segmentName(segment)), 'r');
      this.#readHandles.set(segment, handle);
    }
    return handle;
  }
}

/** Length of the prefix of a segment made of whole records with valid checksums. */
async function validLength(file: string): Promise<number> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let at = 0;
  while (at + HEADER_BYTES <= data.length) {
    const len = data.readUInt32LE(at);
    const end = at + HEADER_BYTES + len;
    if (end > data.length || crc32(data.subarray(at + HEADER_BYTES, end)) !== data.readUInt32LE(at + 4))
      break;
    at = end;
  }
  return at;
}
