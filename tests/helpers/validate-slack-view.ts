import { SLACK_LIMITS } from '../../adapters/slack/blocks/slack-limits.js';

/**
 * Checks a Home tab or modal against Slack's view limits (api.slack.com/reference/surfaces/views): 100 blocks, a
 * modal title/submit/close of 24 characters, unique block ids, select menus of 100 options with 75-character texts
 * and 150-character values, private_metadata of 3,000 characters, and no live mention in mrkdwn (channel links
 * `<#C…>` are allowed: they ping nobody).
 */
// biome-ignore lint/suspicious/noExplicitAny: walks arbitrary Block Kit JSON
type Json = Record<string, any>;

export function validateSlackView(view: unknown): string[] {
  const problems: string[] = [];
  const v = view as Json;
  if (!v || (v.type !== 'home' && v.type !== 'modal')) return ['view: type must be home or modal'];
  const blocks = v.blocks as Array<Json>;
  if (!Array.isArray(blocks) || blocks.length === 0) problems.push('blocks: missing');
  else if (blocks.length > 100) problems.push(`blocks: ${blocks.length} > 100`);
  if (v.type === 'modal') {
    for (const key of ['title', 'submit', 'close']) {
      const text = v[key]?.text as string | undefined;
      if (key === 'title' && !text) problems.push('title: missing');
      if (text && text.length > 24) problems.push(`${key}: ${text.length} > 24 characters`);
    }
    if (typeof v.private_metadata === 'string' && v.private_metadata.length > 3_000)
      problems.push('private_metadata: > 3000 characters');
    if (v.callback_id && String(v.callback_id).length > 255) problems.push('callback_id: > 255');
  }
  const ids = new Set<string>();
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') {
      if (o.text.length > SLACK_LIMITS.sectionText) problems.push(`${at}: text ${o.text.length} > 3000`);
      for (const [token] of o.text.matchAll(/<[^>]*>?/g)) {
        if (!/^<https?:\/\/[^\s<>|]+(\|[^<>]*)?>$/.test(token) && !/^<#[CG][A-Z0-9]+>$/.test(token))
          problems.push(`${at}: live Slack token ${JSON.stringify(token.slice(0, 60))}`);
      }
    }
    if (Array.isArray(o.options)) {
      if (o.options.length > 100) problems.push(`${at}: ${o.options.length} > 100 options`);
      o.options.forEach((opt: Json, i: number) => {
        if ((opt.text?.text ?? '').length > 75) problems.push(`${at}.options[${i}]: text > 75`);
        if (String(opt.value ?? '').length > 150) problems.push(`${at}.options[${i}]: value > 150`);
      });
    }
    if (o.type === 'button') {
      if ((o.text?.text ?? '').length > 75) problems.push(`${at}: button text > 75`);
      if (String(o.value ?? '').length > 2000) problems.push(`${at}: button value > 2000`);
    }
    if (typeof o.action_id === 'string' && o.action_id.length > 255) problems.push(`${at}: action_id > 255`);
    for (const [k, child] of Object.entries(o)) if (child && typeof child === 'object') walk(child, `${at}.${k}`);
  };
  (blocks ?? []).forEach((b, i) => {
    if (typeof b.block_id === 'string') {
      if (ids.has(b.block_id)) problems.push(`blocks[${i}]: duplicate block_id ${b.block_id}`);
      ids.add(b.block_id);
    }
    if (b.type === 'actions' && (b.elements?.length ?? 0) > 25) problems.push(`blocks[${i}]: > 25 elements`);
    if (b.type === 'header' && (b.text?.text ?? '').length > 150) problems.push(`blocks[${i}]: header > 150`);
    walk(b, `blocks[${i}]`);
  });
  return problems;
}
