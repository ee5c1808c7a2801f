import type { LlmClient, LlmJsonRequest } from '../../src/ports/llm.js';
import type { Edition, Story } from '../../src/domain/types.js';

/** A plain object implementing the LlmClient port: records every request, replies from a script. */
export function fakeLlm(reply: (request: LlmJsonRequest<unknown>, call: number) => unknown) {
  const requests: Array<LlmJsonRequest<unknown>> = [];
  const llm: LlmClient = {
    model: 'fake-model',
    async completeJson<T>(request: LlmJsonRequest<T>) {
      requests.push(request as LlmJsonRequest<unknown>);
      // Parsing with the request's schema proves the reply shape is what the schema accepts.
      const value = request.schema.parse(reply(request as LlmJsonRequest<unknown>, requests.length));
      return { value, usage: { promptTokens: 1, completionTokens: 1 }, model: 'fake-model' };
    },
  };
  return { llm, requests };
}

/** A one-edition story with overrides. */
export function makeStory(id: string, edition: Partial<Edition> = {}): Story {
  const e: Edition = {
    id: `${id}-en`,
    storyId: id,
    sourceId: 'test-en',
    url: `https://example.org/${id}`,
    guid: null,
    language: 'en',
    title: `Story ${id}`,
    text: 'Nothing here.',
    publishedAt: null,
    contentHash: id,
    firstSeenAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    version: 1,
    ...edition,
  };
  return {
    id,
    primaryEditionId: e.id,
    firstSeenAt: e.firstSeenAt,
    updatedAt: e.updatedAt,
    publishedAt: null,
    editions: [e],
  };
}

/** Enough language detection for these tests: Arabic script is Arabic, anything else English. */
export function scriptDetect(text: string): string | null {
  return /[\u0600-\u06FF]/.test(text) ? 'ar' : 'en';
}
