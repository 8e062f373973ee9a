import fs from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size (since start, or since the last `resetPeakRss`), bytes. */
  peakRss: number;
}

function kilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Reads VmRSS and VmHWM of a process from /proc (Linux); null once the process is gone. */
export function readProcessMemory(pid: number): ProcessMemory | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: kilobytes(status, 'VmRSS'), peakRss: kilobytes(status, 'VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Resets the process's peak RSS (VmHWM) to its current RSS (`echo 5 > /proc/<pid>/clear_refs`), so that
 * start-up work (such as a first build) does not count. Returns false where that is not allowed.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples a process's RSS every `intervalMs` and keeps the largest value seen. */
export class RssSampler {
  #max = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): void {
    const memory = readProcessMemory(this.pid);
    if (memory) this.#max = Math.max(this.#max, memory.rss);
  }

  stop(): number {
    clearInterval(this.#timer);
    this.sample();
    return this.#max;
  }
}
