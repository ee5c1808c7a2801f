import { afterEach, expect, it } from 'vitest';
import { summariseStories } from '../../../src/digest/summarise-stories.js';
import type { LlmClient, LlmJsonRequest, LlmJsonResult } from '../../../src/ports/llm.js';
import { silentLogger } from '../../../src/util/create-logger.js';
import { makeBilingualStory } from '../../helpers/schedule-harness.js';
import { describeOnEachStore, type OpenedStore } from '../../helpers/store-backends.js';

/** An LLM that counts calls and answers only when released (a slow model). */
function slowLlm() {
  const calls: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const llm: LlmClient = {
    model: 'test-model',
    async completeJson<T>(request: LlmJsonRequest<T>): Promise<LlmJsonResult<T>> {
      calls.push(request.user);
      await gate;
      const value = {
        items: [
          { language: 'en', title: 'Migrants rescued', summary: 'Migrants were rescued at sea.' },
          { language: 'ar', title: 'إنقاذ مهاجرين', summary: 'تم إنقاذ مهاجرين في البحر.' },
        ],
      };
      return {
        value: request.schema.parse(value),
        usage: { promptTokens: 10, completionTokens: 5 },
        model: 'test-model',
      };
    },
  };
  return { llm, calls, release };
}

describeOnEachStore('summaries across instances', 'schedule-summarise-once.test.ts', (backend) => {
  const stores: OpenedStore[] = [];
  afterEach(async () => {
    for (const s of new Set(stores.splice(0))) await s.close();
  });

  it('summarises a story once when two instances need it at the same moment', { timeout: 60_000 }, async () => {
    const first = await backend.open();
    const second = await backend.openSecond(first);
    stores.push(first, second);
    const stories = [makeBilingualStory('s1'), makeBilingualStory('s2')];
    await first.stories.write({ newStories: stories, addedEditions: [], updatedEditions: [] });
    const model = slowLlm();
    const deps = (store: OpenedStore) => ({ store, llm: model.llm, log: silentLogger(), promptVersion: 'v1' });

    const a = summariseStories(deps(first), stories, ['en', 'ar']);
    // Instance A is inside the model call for both stories; B asks for the same summaries meanwhile.
    while (model.calls.length < 2) await new Promise((resolve) => setImmediate(resolve));
    const b = summariseStories(deps(second), stories, ['en', 'ar']);
    await backend.waitForLockWaiters(second, backend.dialect === 'postgres' ? 2 : 0, () => model.calls.length > 2);
    model.release();
    const [fromA, fromB] = await Promise.all([a, b]);

    expect(model.calls).toHaveLength(2);
    expect([...fromB.values()].map((s) => s.text.en?.title)).toEqual(['Migrants rescued', 'Migrants rescued']);
    expect([...fromA.keys()].sort()).toEqual(['s1', 's2']);
    // And later runs, on any instance, use the cache.
    await summariseStories(deps(second), stories, ['en', 'ar']);
    expect(model.calls).toHaveLength(2);
  });
});
