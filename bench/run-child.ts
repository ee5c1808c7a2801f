import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRuntime } from './build-runtime.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Extra node flags for measured child processes, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
export const childNodeFlags = (): string[] => (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

/**
 * Runs a script of bench/ in its own node process (compiled, see build-runtime.ts, with `nodeFlags`) and resolves with
 * the last line it printed, parsed as JSON. Killed after `timeoutMs`.
 */
export function runTsChild<T>(
  script: string,
  args: string[],
  options: { timeoutMs: number; env?: Record<string, string>; nodeFlags?: string[] },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(options.nodeFlags ?? []), ...childNodeFlags(), ...benchRuntime().args(`bench/${script}`), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last) {
        reject(
          new Error(
            `${script} exited with ${signal ?? code}${signal === 'SIGKILL' ? ` (time limit ${options.timeoutMs} ms)` : ''}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`,
          ),
        );
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}
