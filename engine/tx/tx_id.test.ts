import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../env/memory';
import { INCARNATION_CORRUPT_SKIP, TX_ID_MAX_SERVER_ID, TX_INCARNATION_PATH, TxIdAllocator } from './tx_id';

async function ids(fs: MemoryFileSystem, serverId: number, n: number): Promise<number[]> {
  const a = await TxIdAllocator.open(fs, serverId);
  return Array.from({ length: n }, () => a.next());
}

describe('transaction ids', () => {
  it('never repeat across restarts of a server, even after a crash', async () => {
    const fs = new MemoryFileSystem();
    const seen = new Set<number>();
    for (let life = 0; life < 5; life++) {
      for (const id of await ids(fs, 3, 50)) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
      fs.crash(); // the incarnation was flushed at boot: it survives
    }
    expect(seen.size).toBe(250);
  });

  it('differ between servers and stay within Number.MAX_SAFE_INTEGER', async () => {
    const a = await ids(new MemoryFileSystem(), 1, 3);
    const b = await ids(new MemoryFileSystem(), 2, 3);
    expect(a.some((id) => b.includes(id))).toBe(false);
    const top = await TxIdAllocator.open(new MemoryFileSystem(), TX_ID_MAX_SERVER_ID);
    expect(Number.isSafeInteger(top.next())).toBe(true);
    await expect(TxIdAllocator.open(new MemoryFileSystem(), TX_ID_MAX_SERVER_ID + 1)).rejects.toThrow(/out of the transaction id range/);
  });

  it('start above the older boot counter when the incarnation file is missing', async () => {
    const fs = new MemoryFileSystem();
    const f = await fs.open('slog/boot_count');
    f.write(0, new Uint8Array([7, 0, 0, 0]));
    f.flush();
    f.close();
    expect((await TxIdAllocator.open(fs, 1)).incarnation).toBe(8);
  });

  it('read the count from the intact copy when one copy is damaged, and skip far ahead when both are', async () => {
    const fs = new MemoryFileSystem();
    for (let i = 0; i < 3; i++) await TxIdAllocator.open(fs, 1);
    fs.corrupt(TX_INCARNATION_PATH, 5);
    expect((await TxIdAllocator.open(fs, 1)).incarnation).toBe(4);
    fs.corrupt(TX_INCARNATION_PATH, 2);
    fs.corrupt(TX_INCARNATION_PATH, 12 + 2);
    expect((await TxIdAllocator.open(fs, 1)).incarnation).toBe(INCARNATION_CORRUPT_SKIP + 1);
  });

  it('skip ids seen in the log that this life could hand out', async () => {
    const a = await TxIdAllocator.open(new MemoryFileSystem(), 2);
    const first = a.next();
    a.observe(first + 10);
    expect(a.next()).toBe(first + 11);
    a.observe(first); // older: no effect
    expect(a.next()).toBe(first + 12);
  });
});
