import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  type FormField,
  SCHEDULE_CHOICES,
  type SubscriptionFormModel,
  WEEKDAY_CHOICES,
} from '../../../src/domain/interactions.js';
import { languageChoiceLabel } from '../../../src/domain/languages.js';
import { escapeWithin } from './escape-mrkdwn.js';
import { VIEW } from './slack-ids.js';

/** The modal's block ids, by form field (errors are keyed by block id). */
export const FIELD_BLOCK: Record<FormField, string> = {
  channel: 'channel',
  schedule: 'schedule',
  day: 'day',
  time: 'time',
  timezone: 'timezone',
  languages: 'language_1',
  filter: 'filter',
};
export const LANGUAGE_2_BLOCK = 'language_2';
/** Every input's action id is `mn_` + its block id. */
export const inputAction = (block: string) => `mn_${block}`;

// Slack's select menus hold at most 100 options; option texts at most 75 characters.
const MAX_OPTIONS = 100;

/** What the modal carries between opening and submission (private_metadata; checked again on submit). */
export interface SubscribeModalMeta {
  /** The user's own zone (users.info), offered first in the zone menu. */
  userTz: string | null;
}

/** The subscribe / edit modal (`views.open`): the same fields as the grammar, preset from the model. */
export function renderSubscribeModal(form: SubscriptionFormModel, meta: SubscribeModalMeta): ModalView {
  const option = (value: string, text: string): PlainTextOption => ({
    text: { type: 'plain_text', text: text.slice(0, 75) },
    value,
  });
  const languageOption = (code: string) => option(code, languageChoiceLabel(code));
  const languages = form.languageOptions.slice(0, MAX_OPTIONS).map(languageOption);
  const [first, second] = form.languages;
  const scheduleOptions = SCHEDULE_CHOICES.map(([v, t]) => option(v, t));
  const dayOptions = WEEKDAY_CHOICES.map(([v, t]) => option(v, t));
  const blocks: KnownBlock[] = [];
  if (form.customCron) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `This channel's schedule is the cron \`${escapeWithin(form.customCron, 100)}\`; saving this form replaces it.`,
        },
      ],
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: FIELD_BLOCK.channel,
      label: { type: 'plain_text', text: 'Channel' },
      element: {
        type: 'conversations_select',
        action_id: inputAction(FIELD_BLOCK.channel),
        ...(form.channelId ? { initial_conversation: form.channelId } : { default_to_current_conversation: true }),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
      hint: { type: 'plain_text', text: 'Invite me to the channel first: /invite @Migration News' },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCK.schedule,
      label: { type: 'plain_text', text: 'How often' },
      element: {
        type: 'static_select',
        action_id: inputAction(FIELD_BLOCK.schedule),
        options: scheduleOptions,
        ...(form.schedule ? { initial_option: scheduleOptions.find((o) => o.value === form.schedule) } : {}),
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCK.day,
      optional: true,
      label: { type: 'plain_text', text: 'Day (weekly digests)' },
      element: {
        type: 'static_select',
        action_id: inputAction(FIELD_BLOCK.day),
        options: dayOptions,
        initial_option: dayOptions.find((o) => o.value === form.day) ?? dayOptions[0],
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCK.time,
      label: { type: 'plain_text', text: 'Time' },
      element: { type: 'timepicker', action_id: inputAction(FIELD_BLOCK.time), initial_time: form.time },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCK.timezone,
      label: { type: 'plain_text', text: 'Time zone' },
      // Searchable: the options come from the bot as the user types (block_suggestion), the user's zone first.
      element: {
        type: 'external_select',
        action_id: inputAction(FIELD_BLOCK.timezone),
        min_query_length: 0,
        initial_option: option(form.timezone, form.timezone),
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCK.languages,
      label: { type: 'plain_text', text: 'First language' },
      element: {
        type: 'static_select',
        action_id: inputAction(FIELD_BLOCK.languages),
        options: languages,
        ...(first ? { initial_option: languageOption(first) } : {}),
      },
    },
    {
      type: 'input',
      block_id: LANGUAGE_2_BLOCK,
      optional: true,
      label: { type: 'plain_text', text: 'Second language' },
      element: {
        type: 'static_select',
        action_id: inputAction(LANGUAGE_2_BLOCK),
        options: languages,
        ...(second ? { initial_option: languageOption(second) } : {}),
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCK.filter,
      optional: true,
      label: { type: 'plain_text', text: 'Only stories mentioning (optional)' },
      element: {
        type: 'plain_text_input',
        action_id: inputAction(FIELD_BLOCK.filter),
        max_length: 500,
        ...(form.filter ? { initial_value: form.filter } : {}),
        placeholder: { type: 'plain_text', text: 'Libya, Sahel' },
      },
    },
  );
  return {
    type: 'modal',
    callback_id: VIEW.subscribe,
    title: { type: 'plain_text', text: form.existing ? 'Edit digest' : 'New digest' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

/** The zone menu's options for what the user typed: matching zones, the user's own first (at most 100). */
export function zoneOptions(zones: string[], query: string, userTz: string | null): PlainTextOption[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '_');
  const ordered = userTz ? [userTz, ...zones.filter((z) => z !== userTz)] : zones;
  return ordered
    .filter((z) => !q || z.toLowerCase().includes(q))
    .slice(0, MAX_OPTIONS)
    .map((z) => ({ text: { type: 'plain_text' as const, text: z.replace(/_/g, ' ').slice(0, 75) }, value: z }));
}
