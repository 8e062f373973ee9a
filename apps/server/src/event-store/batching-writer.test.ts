import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchingWriter } from './batching-writer';
import { FakeEventStore } from './fake-event-store';

describe('BatchingWriter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gathers writes into one insert when the batch fills up', async () => {
    const store = new FakeEventStore();
    const writer = new BatchingWriter(store, 'events', { maxRows: 4, maxDelayMs: 10_000 });
    const a = writer.write([{ n: 1 }, { n: 2 }]);
    const b = writer.write([{ n: 3 }, { n: 4 }]);
    await Promise.all([a, b]);
    expect(store.insertCalls).toHaveLength(1);
    expect(store.insertCalls[0]?.rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
  });

  it('flushes a small batch after the delay', async () => {
    vi.useFakeTimers();
    const store = new FakeEventStore();
    const writer = new BatchingWriter(store, 'events', { maxRows: 100, maxDelayMs: 50 });
    const done = writer.write([{ n: 1 }]);
    expect(store.insertCalls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60);
    await done;
    expect(store.insertCalls).toHaveLength(1);
  });

  it('rejects the writes of a batch whose insert failed, and keeps working afterwards', async () => {
    const store = new FakeEventStore();
    const writer = new BatchingWriter(store, 'events', { maxRows: 1 });
    store.failWith = new Error('store down');
    await expect(writer.write([{ n: 1 }])).rejects.toThrow('store down');
    store.failWith = null;
    await expect(writer.write([{ n: 2 }])).resolves.toBeUndefined();
    expect(store.inserted.get('events')).toEqual([{ n: 2 }]);
  });

  it('flushes on close and refuses writes after it', async () => {
    const store = new FakeEventStore();
    const writer = new BatchingWriter(store, 'events', { maxRows: 100, maxDelayMs: 10_000 });
    const pending = writer.write([{ n: 1 }]);
    await writer.close();
    await pending;
    expect(store.inserted.get('events')).toHaveLength(1);
    await expect(writer.write([{ n: 2 }])).rejects.toThrow(/closed/);
  });
});
