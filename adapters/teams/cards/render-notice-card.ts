import { type CardElement, type RenderedActivity, adaptiveCard, cardActivity, textBlock } from './adaptive-card.js';
import { noticeLine, plainText, truncate } from './card-text.js';

/**
 * A short bot notice (help, status, errors). The text comes from the core but may quote user input, so each line is
 * escaped; `code` spans become bold and indented lines (the help's grammar) keep their alignment in monospace.
 */
export function renderNoticeActivity(text: string, tone: 'info' | 'error'): RenderedActivity {
  const lines = truncate(plainText(text), 6000).split('\n');
  const body: CardElement[] = [];
  let gap = false;
  for (const line of lines) {
    if (!line.trim()) {
      gap = true;
      continue;
    }
    const indented = /^\s{2,}/.test(line);
    const options: Record<string, unknown> = { spacing: gap ? 'Medium' : 'None' };
    if (indented) Object.assign(options, { fontType: 'Monospace', size: 'Small' });
    if (tone === 'error' && body.length === 0) Object.assign(options, { color: 'Attention', weight: 'Bolder' });
    // Leading spaces are dropped by card hosts; no-break spaces keep the columns of the grammar.
    const shown = indented ? line.replace(/^\s+/, (s) => '\u00a0'.repeat(s.length)) : line;
    body.push(textBlock(noticeLine(shown), options));
    gap = false;
  }
  const first = lines.find((l) => l.trim()) ?? '';
  return { activity: cardActivity(adaptiveCard(body), truncate(first.trim(), 120)), storyIds: [] };
}
