import type { SourceReport } from '../ingest/ingest-sources.js';
import type { Store } from '../ports/store.js';
import type { Core } from './create-core.js';

/**
 * One ingest poll of `serve`. Reading (parsing, language detection) runs in a worker thread that ends with the poll,
 * so the language model and the parser's garbage go with it and an idle bot keeps none of it (SPEC 9: idle memory
 * after a poll). Where no worker can start, this thread reads and drops the language model afterwards. The ingest
 * code loads at the first poll: `serve` idles without it until then.
 */
export async function pollSources(core: Core, store: Store = core.store): Promise<SourceReport[]> {
  const [{ ingestSources }, { startWorkerReader }, { releaseLanguageModel }] = await Promise.all([
    import('../ingest/ingest-sources.js'),
    import('../feeds/read-in-worker.js'),
    import('../text/language-model.js'),
  ]);
  const worker = await startWorkerReader();
  try {
    return await ingestSources(
      {
        store,
        log: core.log,
        onSourceDone: (r) => core.metrics.sourcePolled(r),
        ...(worker ? { readSource: worker.readSource } : {}),
      },
      core.sources,
    );
  } finally {
    await worker?.close();
    releaseLanguageModel();
  }
}
