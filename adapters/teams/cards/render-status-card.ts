import { describeLastDelivery, type StatusView } from '../../../src/domain/interactions.js';
import { englishLanguageName } from '../../../src/domain/languages.js';
import { type CardElement, type RenderedActivity, adaptiveCard, cardActivity, textBlock } from './adaptive-card.js';
import { cardText, plainText } from './card-text.js';
import { executeAction } from './card-actions.js';

/**
 * `status` as a card: the same content as the Slack Home tab for this conversation (schedule, zone, languages,
 * filter, next run, last delivery and its outcome, muted sources, source health), with Edit / Post latest now /
 * Unsubscribe buttons.
 */
export function renderStatusActivity(view: StatusView): RenderedActivity {
  const s = view.subscription;
  const facts: Array<{ title: string; value: string }> = [];
  if (s) {
    facts.push(
      { title: 'Schedule', value: cardText(s.schedule, 120) },
      { title: 'Time zone', value: cardText(s.timezone, 60) },
      { title: 'Languages', value: s.languages.map((l) => cardText(englishLanguageName(l), 40)).join(' + ') },
      { title: 'Filter', value: s.filter.length ? cardText(s.filter.join(', '), 400) : 'none (every story)' },
      s.paused
        ? {
            title: 'Paused',
            value: `since ${cardTimeText(s.paused.at)}: ${cardText(s.paused.reason, 300)}`,
          }
        : { title: 'Next run', value: s.nextRunAt ? cardTimeText(s.nextRunAt) : 'unknown' },
    );
  }
  const d = view.lastDelivery ? describeLastDelivery(view.lastDelivery) : null;
  facts.push({
    title: 'Last delivery',
    value:
      d && view.lastDelivery
        ? `${cardTimeText(view.lastDelivery.at)} · ${d.kind} · ${d.failed ? 'FAILED: ' : ''}${cardText(d.outcome, 400)}`
        : 'none yet',
  });
  facts.push({ title: 'Threaded updates', value: view.updates ? 'on' : 'off (`updates on` turns them on)' });
  if (view.budgetLine) facts.push({ title: 'LLM budget', value: cardText(view.budgetLine, 300) });
  if (view.muted.length)
    facts.push({
      title: 'Muted here',
      value: cardText(view.muted.map((m) => (m.name === m.id ? m.id : `${m.name} (${m.id})`)).join(', '), 400),
    });
  facts.push({ title: 'Sources', value: cardText(view.sourcesLine, 600) });
  if (view.platformsLine) facts.push({ title: 'Platforms', value: cardText(view.platformsLine, 600) });
  const body: CardElement[] = [
    textBlock(s ? 'Scheduled digest in this conversation' : 'No scheduled digest in this conversation', {
      weight: 'Bolder',
      size: 'Medium',
    }),
    { type: 'FactSet', facts },
  ];
  const actions = s
    ? [
        executeAction('Edit', { verb: 'open_form' }),
        executeAction('Post latest now', { verb: 'post_latest' }),
        executeAction('Unsubscribe', { verb: 'unsubscribe' }),
      ]
    : [executeAction('Subscribe', { verb: 'open_form' }), executeAction('Post latest now', { verb: 'post_latest' })];
  return {
    activity: cardActivity(
      adaptiveCard(body, actions),
      s ? `Digest ${plainText(s.schedule).slice(0, 100)}` : 'No scheduled digest here',
    ),
    storyIds: [],
  };
}

/** Teams shows `{{DATE()}} {{TIME()}}` in the reader's own zone. */
function cardTimeText(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown';
  const utc = new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${utc}, SHORT)}} {{TIME(${utc})}}`;
}
