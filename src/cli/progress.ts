import cliProgress from 'cli-progress';

export interface Progress {
  tick(label: string): void;
  stop(): void;
}

/** A progress bar on stderr when it is a TTY; silent in pipes and CI. */
export function createProgress(title: string, total: number): Progress {
  if (!process.stderr.isTTY || total === 0) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${title.padEnd(10)} [{bar}] {value}/{total} {label}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    tick: (label) => bar.increment({ label }),
    stop: () => bar.stop(),
  };
}
