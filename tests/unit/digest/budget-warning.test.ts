import { describe, expect, it } from 'vitest';
import { renderDigestText } from '../../../src/cli/render-text.js';
import { renderDigest } from '../../../adapters/slack/blocks/render-digest.js';
import { renderDigestActivities } from '../../../adapters/teams/cards/render-digest-card.js';
import { digestWarnings } from '../../../src/digest/digest-warnings.js';
import { digestSchema } from '../../../src/domain/digest.js';
import { BUDGET_SPENT_WARNING } from '../../../src/llm/create-llm-budget.js';
import { BUDGET_SPENT_SUMMARY_WARNING } from '../../../src/summarise/summarise-story.js';
import { makeDigest, makeDigestItem } from '../../helpers/factories.js';

describe('the digest-level budget warning', () => {
  const digest = makeDigest({ items: [makeDigestItem()], warnings: [BUDGET_SPENT_WARNING] });

  it('is part of the Digest JSON', () => {
    expect(digestSchema.parse(digest).warnings).toEqual([
      'LLM budget for today spent; summaries are extracts until 00:00 UTC',
    ]);
  });

  it('heads the Slack digest, the Teams card and the console digest once', () => {
    const slack = JSON.stringify(renderDigest(digest).map((m) => m.payload.blocks));
    expect(slack.split(BUDGET_SPENT_WARNING)).toHaveLength(2);
    const teams = JSON.stringify(renderDigestActivities(digest).map((a) => a.activity));
    expect(teams.split(BUDGET_SPENT_WARNING)).toHaveLength(2);
    const text = renderDigestText(digest);
    expect(text.split(BUDGET_SPENT_WARNING)).toHaveLength(2);
    expect(text.indexOf(BUDGET_SPENT_WARNING)).toBeLessThan(text.indexOf('1. '));
  });

  it('is absent from digests whose stories did not fall back because of the budget', () => {
    const plain = makeDigest({ items: [makeDigestItem(), makeDigestItem({ id: 'story-2' })] });
    expect(JSON.stringify(renderDigest(plain))).not.toContain('LLM budget');
    const summaries = new Map(
      plain.items.map((i) => [i.id, { warnings: ['LLM unavailable: offline summary'] } as never]),
    );
    expect(digestWarnings(plain, summaries)).toEqual([]);
    const [first] = plain.items;
    summaries.set(first?.id ?? '', { warnings: [BUDGET_SPENT_SUMMARY_WARNING] } as never);
    expect(digestWarnings(plain, summaries)).toEqual([BUDGET_SPENT_WARNING]);
  });
});
