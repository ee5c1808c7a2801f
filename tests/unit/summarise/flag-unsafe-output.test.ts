import { describe, expect, it } from 'vitest';
import { flagUnsafeOutput } from '../../../src/summarise/flag-unsafe-output.js';

describe('flagUnsafeOutput', () => {
  it('flags Slack and Teams mentions and @-broadcasts', () => {
    expect(flagUnsafeOutput('Hi <!channel> and <!here|here> and <@U123ABC> and @everyone <at>Bot</at>', [])).toEqual([
      'summary contains a mention (<!channel>)',
      'summary contains a mention (<!here|here>)',
      'summary contains a mention (<@U123ABC>)',
      'summary contains a mention (@everyone)',
      'summary contains a mention (<at>Bot</at>)',
    ]);
  });

  it('flags links that are not in the source, not those that are', () => {
    const sources = ['See https://microsite.frontex.europa.eu/en/complaints for the form.'];
    expect(flagUnsafeOutput('File at https://microsite.frontex.europa.eu/en/complaints.', sources)).toEqual([]);
    expect(flagUnsafeOutput('Donate at https://evil.example/pay now', sources)).toEqual([
      'summary contains a link not in the source (https://evil.example/pay)',
    ]);
  });

  it('does not flag e-mail addresses or ordinary text', () => {
    expect(flagUnsafeOutput('Write to areyousyrious@gmail.com; 12 people died.', [])).toEqual([]);
  });
});
