/** One row of the benchmark table (SPEC 9). */
export interface BenchRow {
  benchmark: string;
  measured: string;
  target: string;
  pass: boolean;
  /** Extra lines printed under the table (what was run, secondary numbers). */
  notes: string[];
}

/** A benchmark that could not run is a failed row, with the reason. */
export function failedRow(benchmark: string, target: string, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message : String(error);
  return { benchmark, measured: 'error', target, pass: false, notes: [`${benchmark}: ${message.split('\n')[0]}`] };
}
