/** Right-to-left mark: starts Arabic/Persian blocks so Slack lays them out right to left. */
export const RLM = '\u200F';

// Letters of the right-to-left scripts: Arabic (Persian, Urdu...), Hebrew, Syriac, Thaana, N'Ko.
const RIGHT_TO_LEFT_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;
// What a reader does not see of mrkdwn: a link's target (its label is seen), entities, emoji codes.
const UNSEEN = /<[^<>|]*\||&[a-z]+;|:[a-z0-9_+-]+:/g;

/**
 * Starts with RLM a line whose first letter a reader sees is in a right-to-left script ("العربية: machine-translated"),
 * as the sections of right-to-left languages start; a line led by Latin ("Read: English · العربية") is left as it is.
 */
export function markRightToLeft(mrkdwn: string): string {
  if (mrkdwn.startsWith(RLM)) return mrkdwn;
  const first = LETTER.exec(mrkdwn.replace(UNSEEN, ' '))?.[0];
  return first && RIGHT_TO_LEFT_LETTER.test(first) ? `${RLM}${mrkdwn}` : mrkdwn;
}
