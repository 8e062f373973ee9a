import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs a bench worker (a TypeScript file in this folder) in its own Node process through tsx and
 * returns the JSON it prints last. chDB binds one data directory per process, so every chDB job of
 * the bench runs in a process of its own.
 */
export function runWorker<T>(file: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, file), JSON.stringify(input)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) {
        reject(new Error(`${file} exited ${code}: ${stdout}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${file} printed no result: ${stdout}`));
      }
    });
  });
}
