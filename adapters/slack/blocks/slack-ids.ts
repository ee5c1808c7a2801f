import { z } from 'zod';

// Interaction payloads are untrusted: every id is checked for its shape before use, and values carry ids only.
export const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,20}$/);
export const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/);
export const slackTs = z.string().regex(/^\d{6,12}\.\d{1,8}$/);
export const storyId = z.string().regex(/^[A-Za-z0-9_:.-]{1,120}$/);
export const sourceId = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** Action ids of this app's buttons, menus and views (all start with `mn_`). */
export const ACTION = {
  homeNew: 'mn_home_new',
  homeEdit: 'mn_home_edit',
  homePost: 'mn_home_post',
  homeUnsubscribe: 'mn_home_unsubscribe',
  story: 'mn_story',
  undo: 'mn_undo',
} as const;

export const VIEW = { subscribe: 'mn_subscribe', ask: 'mn_ask' } as const;

/** Story menu option values: `<verb>:<id>` (overflow option values hold at most 150 characters). */
export const storyOptionValue = z.union([
  z
    .string()
    .regex(/^ask:/)
    .transform((v) => ({ name: 'ask' as const, storyId: storyId.parse(v.slice(4)) })),
  z
    .string()
    .regex(/^orig:/)
    .transform((v) => ({ name: 'original' as const, storyId: storyId.parse(v.slice(5)) })),
  z
    .string()
    .regex(/^mute:/)
    .transform((v) => ({ name: 'mute' as const, sourceId: sourceId.parse(v.slice(5)) })),
]);
