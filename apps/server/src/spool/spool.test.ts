import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool, SpoolFullError } from './spool';

describe('Spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-spool-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const text = (records: { payload: Buffer }[]) => records.map((r) => r.payload.toString());

  it('appends concurrently and reads everything back in order, across segments', async () => {
    const spool = await Spool.open(dir, { segmentBytes: 100 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => spool.append(Buffer.from(`record-${i}`))));
    const all = await spool.read({ segment: 1, offset: 0 }, 1_000_000);
    expect(text(all)).toEqual(Array.from({ length: 50 }, (_, i) => `record-${i}`));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.seg')).length).toBeGreaterThan(1);
    const tail = await spool.read(all[10]?.next ?? { segment: 1, offset: 0 }, 30);
    expect(text(tail)[0]).toBe('record-11');
    await spool.close();
  });

  it('keeps what was acknowledged across a reopen and cuts off a torn last record', async () => {
    const spool = await Spool.open(dir);
    await spool.append(Buffer.from('kept-1'));
    await spool.append(Buffer.from('kept-2'));
    await spool.close();
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.seg')) ?? '');
    // A crash in the middle of writing a record: a header promising more bytes than follow.
    const torn = Buffer.alloc(12);
    torn.writeUInt32LE(1000, 0);
    fs.appendFileSync(file, torn);

    const reopened = await Spool.open(dir);
    expect(text(await reopened.read({ segment: 1, offset: 0 }, 1_000_000))).toEqual(['kept-1', 'kept-2']);
    await reopened.append(Buffer.from('after-crash'));
    expect(text(await reopened.read({ segment: 1, offset: 0 }, 1_000_000))).toEqual([
      'kept-1',
      'kept-2',
      'after-crash',
    ]);
    await reopened.close();
  });

  it('detects a corrupted record by its checksum', async () => {
    const spool = await Spool.open(dir);
    await spool.append(Buffer.from('good'));
    await spool.append(Buffer.from('flipped'));
    await spool.close();
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.seg')) ?? '');
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8((bytes.at(-1) ?? 0) ^ 0xff, bytes.length - 1);
    fs.writeFileSync(file, bytes);
    const reopened = await Spool.open(dir);
    expect(text(await reopened.read({ segment: 1, offset: 0 }, 1_000_000))).toEqual(['good']);
    await reopened.close();
  });

  it('refuses appends beyond its size limit until the checkpoint moves past consumed data', async () => {
    const spool = await Spool.open(dir, { maxUnconsumedBytes: 100, segmentBytes: 60 });
    await spool.append(Buffer.alloc(40));
    await expect(spool.append(Buffer.alloc(60))).rejects.toBeInstanceOf(SpoolFullError);
    const [first] = await spool.read({ segment: 1, offset: 0 }, 1000);
    if (!first) throw new Error('no record');
    await spool.commitCheckpoint({ consumed: first.next, pending: [] });
    await expect(spool.append(Buffer.alloc(60))).resolves.toBeUndefined();
    await spool.close();
  });

  it('resumes from its checkpoint and deletes segments it has passed', async () => {
    const spool = await Spool.open(dir, { segmentBytes: 50 });
    for (let i = 0; i < 6; i++) await spool.append(Buffer.from(`item-${i}-${'x'.repeat(20)}`));
    const records = await spool.read({ segment: 1, offset: 0 }, 1_000_000);
    const fourth = records[3];
    if (!fourth) throw new Error('missing');
    await spool.commitCheckpoint({ consumed: fourth.next, pending: [] });
    expect(fs.existsSync(path.join(dir, '000000000001.seg'))).toBe(false);
    await spool.close();
    const reopened = await Spool.open(dir, { segmentBytes: 50 });
    const rest = await reopened.read(reopened.checkpoint.consumed, 1_000_000);
    expect(text(rest).map((t) => t.slice(0, 6))).toEqual(['item-4', 'item-5']);
    await reopened.close();
  });

  it('wakes a waiting reader when data arrives', async () => {
    const spool = await Spool.open(dir);
    const start = spool.end;
    const waiting = spool.waitForData(start, 10_000);
    await spool.append(Buffer.from('wake'));
    await waiting;
    expect(text(await spool.read(start, 100))).toEqual(['wake']);
    await spool.close();
  });
});
