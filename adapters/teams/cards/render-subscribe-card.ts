import {
  type FormField,
  SCHEDULE_CHOICES,
  type SubscriptionFormModel,
  WEEKDAY_CHOICES,
} from '../../../src/domain/interactions.js';
import { languageChoiceLabel } from '../../../src/domain/languages.js';
import {
  type AdaptiveCard,
  type CardElement,
  MAX_ACTIVITY_BYTES,
  adaptiveCard,
  cardActivity,
  jsonBytes,
  textBlock,
} from './adaptive-card.js';
import { executeAction } from './card-actions.js';
import { cardText } from './card-text.js';

/** Values typed on a card that came back with errors: shown again as typed. */
export type TypedValues = Partial<
  Record<'schedule' | 'day' | 'time' | 'timezone' | 'language_1' | 'language_2' | 'filter', string>
>;

/**
 * `subscribe` with no arguments in Teams: an Adaptive Card 1.5 form with the same fields as the grammar and the
 * Slack modal (schedule and day, time, a searchable zone list, two languages, filter words), submitted with
 * Action.Execute. The channel is the conversation the card is in. Errors from the core are shown under their field.
 */
export function renderSubscribeCard(
  form: SubscriptionFormModel,
  options: { errors?: Partial<Record<FormField, string>>; typed?: TypedValues; userTz?: string | null } = {},
): AdaptiveCard {
  const typed = options.typed ?? {};
  const errors = options.errors ?? {};
  const choice = (value: string, title: string) => ({ title, value });
  const error = (field: FormField): CardElement[] =>
    errors[field]
      ? [textBlock(`⚠ ${cardText(errors[field] ?? '', 300)}`, { color: 'Attention', size: 'Small', spacing: 'None' })]
      : [];
  const languages = form.languageOptions.slice(0, 60).map((code) => choice(code, languageChoiceLabel(code)));
  // A new subscription starts in the user's own zone (the activity's localTimezone) when Teams sent it.
  const zone = typed.timezone ?? (!form.existing && options.userTz ? options.userTz : form.timezone);
  const build = (zones: string[]) =>
    adaptiveCard(
      [
        textBlock(form.existing ? 'Change the digest of this conversation' : 'Scheduled digest for this conversation', {
          weight: 'Bolder',
          size: 'Medium',
        }),
        ...(form.customCron
          ? [
              textBlock(`The current schedule is the cron "${cardText(form.customCron, 100)}"; saving replaces it.`, {
                isSubtle: true,
                size: 'Small',
              }),
            ]
          : []),
        {
          type: 'Input.ChoiceSet',
          id: 'schedule',
          label: 'How often',
          isRequired: true,
          errorMessage: 'Pick how often.',
          choices: SCHEDULE_CHOICES.map(([v, t]) => choice(v, t)),
          value: typed.schedule ?? form.schedule ?? '',
        },
        ...error('schedule'),
        {
          type: 'Input.ChoiceSet',
          id: 'day',
          label: 'Day (weekly digests)',
          choices: WEEKDAY_CHOICES.map(([v, t]) => choice(v, t)),
          value: typed.day ?? form.day,
        },
        ...error('day'),
        {
          type: 'Input.Time',
          id: 'time',
          label: 'Time',
          isRequired: true,
          errorMessage: 'Pick a time.',
          value: typed.time ?? form.time,
        },
        ...error('time'),
        // style "filtered": a searchable list in Teams.
        {
          type: 'Input.ChoiceSet',
          id: 'timezone',
          label: 'Time zone',
          style: 'filtered',
          isRequired: true,
          errorMessage: 'Pick a time zone.',
          choices: zones.map((z) => choice(z, z.replace(/_/g, ' '))),
          value: zone,
        },
        ...error('timezone'),
        {
          type: 'Input.ChoiceSet',
          id: 'language_1',
          label: 'First language',
          isRequired: true,
          errorMessage: 'Pick a language.',
          choices: languages,
          value: typed.language_1 ?? form.languages[0] ?? '',
        },
        ...error('languages'),
        {
          type: 'Input.ChoiceSet',
          id: 'language_2',
          label: 'Second language (optional)',
          choices: languages,
          value: typed.language_2 ?? form.languages[1] ?? '',
        },
        {
          type: 'Input.Text',
          id: 'filter',
          label: 'Only stories mentioning (optional)',
          placeholder: 'Libya, Sahel',
          maxLength: 500,
          value: typed.filter ?? form.filter,
        },
        ...error('filter'),
      ],
      [executeAction('Save', { verb: 'subscribe' }, { style: 'positive', associatedInputs: 'auto' })],
    );
  // Every zone the runtime knows, shortest names kept when the card would pass the Teams size limit.
  let zones = [...new Set([zone, ...(options.userTz ? [options.userTz] : []), ...form.zones])];
  let card = build(zones);
  for (let depth = 3; jsonBytes(cardActivity(card, '')) > MAX_ACTIVITY_BYTES - 1_000 && depth > 0; depth--) {
    zones = zones.filter((z, i) => i < 3 || (z.split('/').length < depth && !/^(Antarctica|Arctic|Etc)\//.test(z)));
    card = build(zones);
  }
  return card;
}

/** The card that replaces the form once the subscription is stored. */
export function renderSubscribedCard(text: string): AdaptiveCard {
  return adaptiveCard([
    textBlock('✅ Scheduled digest saved', { weight: 'Bolder', size: 'Medium', color: 'Good' }),
    textBlock(cardText(text, 600)),
    textBlock('Send `status` to see it, `unsubscribe` to stop it.', { isSubtle: true, size: 'Small' }),
  ]);
}
