import cliProgress from 'cli-progress';

export interface Progress {
  tick(label: string): void;
  stop(): void;
}

const SILENT: Progress = { tick() {}, stop() {} };

/** A progress bar on stderr when it is a terminal; silent in pipes, in CI, and when there is nothing to count. */
export function createProgress(
  title: string,
  total: number,
  options: { stream?: NodeJS.WriteStream; env?: NodeJS.ProcessEnv } = {},
): Progress {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  if (!stream.isTTY || ci || env.TERM === 'dumb' || total === 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${title.padEnd(10)} [{bar}] {value}/{total} {label}`,
      hideCursor: true,
      clearOnComplete: false,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  let done = 0;
  let stopped = false;
  return {
    tick: (label) => {
      if (stopped) return;
      done++;
      // Labels are story or source ids: keep the line short enough not to wrap.
      bar.increment({ label: label.slice(0, 40) });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      // Fewer items than expected (a digest with fewer stories than --limit): end the bar at what was done.
      if (done > 0 && done < total) bar.setTotal(done);
      bar.stop();
    },
  };
}
