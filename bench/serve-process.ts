import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { benchRuntime } from './build-runtime.js';
import { childNodeFlags, ROOT } from './run-child.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** The real CLI `migration-news serve` in a child process. */
export interface ServeChild {
  child: ChildProcess;
  port: number;
  /** How it was started (build-runtime.ts). */
  runtime: string;
  logs: LogLine[];
  waitForLog(predicate: (line: LogLine) => boolean, what: string, timeoutMs: number): Promise<LogLine>;
  /** VmRSS from /proc/<pid>/status, in MB. */
  rssMb(): number;
  /** User + system CPU time of the process so far, from /proc/<pid>/stat, in ms. */
  cpuMs(): number;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s). */
  stop(graceMs?: number): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Spawns `serve` as a user runs it (the built CLI, see build-runtime.ts), resolving once it listens. */
export async function startServe(
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<ServeChild> {
  const port = await freePort();
  const built = benchRuntime();
  const runtime = built.describe;
  const args = [...built.args('src/cli.ts'), 'serve'];
  const child = spawn(process.execPath, [...startFlags(), ...childNodeFlags(), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: LogLine[] = [];
  const raw: string[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let exited = false;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        if (line.trim()) raw.push(line);
      }
    }
    for (const w of [...waiters]) w();
  });
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      for (const w of [...waiters]) w();
      resolve();
    }),
  );
  const waitForLog: ServeChild['waitForLog'] = (predicate, what, timeoutMs) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = logs.find(predicate);
        if (found || exited) {
          clearTimeout(timer);
          waiters.delete(check);
          if (found) resolve(found);
          else
            reject(
              new Error(
                `serve exited while waiting for ${what}: ${[...raw, ...logs.map((l) => l.msg)].slice(-5).join(' | ')}`,
              ),
            );
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `serve: no ${what} within ${timeoutMs} ms: ${[...raw, ...logs.map((l) => l.msg)].slice(-5).join(' | ')}`,
          ),
        );
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const serve: ServeChild = {
    child,
    port,
    runtime,
    logs,
    waitForLog,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    cpuMs() {
      // Fields 14 and 15 (utime, stime) in clock ticks of 10 ms; the command name (field 2) may hold spaces.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async stop(graceMs = 10_000) {
      if (!exited) child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(forced);
    },
  };
  try {
    await waitForLog((l) => l.msg === 'migration-news bot listening', 'listening', options.timeoutMs ?? 60_000);
  } catch (error) {
    await serve.stop();
    throw error;
  }
  return serve;
}

/**
 * The node flags `npm start` gives `serve` (package.json's start script, `exec node FLAGS dist/src/cli.js serve`), so
 * that the bench measures `serve` as it is run (here and in the scale row's bot process).
 */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const flags = /^exec node (.*?) ?dist\/src\/cli\.js serve$/.exec(pkg.scripts?.start ?? '')?.[1];
  if (flags === undefined)
    throw new Error('package.json start script is not "exec node [FLAGS] dist/src/cli.js serve"');
  return flags.split(/\s+/).filter(Boolean);
}
