import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const HEDGEROW_BIN = path.join(REPO_ROOT, 'apps', 'server', 'bin', 'hedgerow.mjs');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

/** Runs a `hedgerow` command to completion; rejects with its output when it fails. */
export function runHedgerow(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HEDGEROW_BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`hedgerow ${args[0]} exited ${code}:\n${stderr}`)),
    );
  });
}

export interface IngestionHealth {
  pending_bytes: number;
  lag_ms: number;
}

/**
 * A `hedgerow start` child process on its own data dir and port, so the load generator never shares
 * the server's event loop. Its output goes to `server.log` in the data dir.
 */
export class BenchServer {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly exited: Promise<number | null>,
  ) {}

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the server process has no pid');
    return this.child.pid;
  }

  static async start(options: { dataDir: string; nodeArgs?: string[] }): Promise<BenchServer> {
    const port = await freePort();
    const log = fs.openSync(path.join(options.dataDir, 'server.log'), 'a');
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), HEDGEROW_BIN, 'start'], {
      env: {
        ...process.env,
        HEDGEROW_DATA_DIR: options.dataDir,
        HOST: '127.0.0.1',
        PORT: String(port),
        HEDGEROW_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const server = new BenchServer(child, `http://127.0.0.1:${port}`, exited);
    await server.#waitHealthy(options.dataDir);
    return server;
  }

  async #waitHealthy(dataDir: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void this.exited.then(() => {
      gone = true;
    });
    while (Date.now() < deadline && !gone) {
      try {
        if ((await fetch(`${this.url}/_health`)).status === 200) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const log = fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8');
    throw new Error(`the server did not become healthy:\n${log}`);
  }

  /** The ingestion backlog from `/_health`. */
  async ingestion(): Promise<IngestionHealth> {
    const res = await fetch(`${this.url}/_health`);
    const body = (await res.json()) as { ingestion?: IngestionHealth };
    if (!body.ingestion) throw new Error('/_health does not report the ingestion backlog');
    return body.ingestion;
  }

  /** SIGTERM, then waits for the graceful exit (which also writes a CPU profile when one is recorded). */
  async stop(timeoutMs = 120_000): Promise<number | null> {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
