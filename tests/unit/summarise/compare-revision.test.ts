import { describe, expect, it } from 'vitest';
import { describeUpdate } from '../../../src/domain/story-update.js';
import { compareRevision } from '../../../src/summarise/compare-revision.js';

const before = {
  title: 'Boat capsizes off Libya',
  text: 'At least 41 migrants died when their boat capsized off Zuwara on Monday, IOM said. The boat had left with 80 people on board.',
};

describe('compareRevision: what a revision changed that a threaded update reports', () => {
  it('finds a revised figure in an otherwise same sentence, with its new sentence', () => {
    const after = { ...before, text: before.text.replace('41', '62') };
    expect(compareRevision(before, after)).toEqual({
      figures: [
        {
          from: '41',
          to: '62',
          context: 'At least 62 migrants died when their boat capsized off Zuwara on Monday, IOM said.',
        },
      ],
      title: null,
    });
  });

  it('reports a changed title without figures, and nothing for spacing or case', () => {
    expect(compareRevision(before, { ...before, title: 'Shipwreck off Libya: IOM calls for rescue' })).toEqual({
      figures: [],
      title: 'Shipwreck off Libya: IOM calls for rescue',
    });
    expect(compareRevision(before, { ...before, title: '  boat capsizes   OFF Libya ' })).toBeNull();
  });

  it('ignores a rewording with the same figures, and a new sentence with new figures (nothing was revised)', () => {
    expect(
      compareRevision(before, { ...before, text: before.text.replace('IOM said', 'according to IOM') }),
    ).toBeNull();
    expect(
      compareRevision(before, { ...before, text: `${before.text} A second boat with 30 people reached Lampedusa.` }),
    ).toBeNull();
  });

  it('works on Arabic text with Arabic-Indic digits', () => {
    const ar = { title: 'غرق قارب قبالة ليبيا', text: 'لقي ٤١ مهاجرا حتفهم عندما غرق قاربهم قبالة زوارة يوم الاثنين.' };
    const change = compareRevision(ar, { ...ar, text: ar.text.replace('٤١', '٦٢') });
    expect(change?.figures.map((f) => [f.from, f.to])).toEqual([['٤١', '٦٢']]);
  });

  it('says it in one line: source, UTC time, from and to, the sentence', () => {
    const line = describeUpdate({
      storyId: 's',
      revision: 3,
      sourceName: 'IOM',
      revisedAt: '2026-12-06T14:05:09.000Z',
      language: 'en',
      figures: [{ from: '41', to: '62', context: 'At least 62 migrants died.' }],
      title: null,
      thread: { threadId: '1.1', messageId: '1.1' },
    });
    expect(line).toBe('Update (IOM, 14:05 UTC): revised from 41 to 62: “At least 62 migrants died.”');
  });
});
