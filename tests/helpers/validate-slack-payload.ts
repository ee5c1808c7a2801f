import { SLACK_LIMITS } from '../../adapters/slack/blocks/slack-limits.js';

/**
 * Checks one chat.postMessage / response_url payload against Slack's Block Kit limits and our safety rules.
 * Returns the problems found (empty when valid), each naming where it is.
 */
export function validateSlackPayload(payload: unknown): string[] {
  const problems: string[] = [];
  const p = payload as Record<string, unknown>;
  if (typeof p !== 'object' || p === null) return ['payload is not an object'];
  if (typeof p.text !== 'string' || !p.text.trim()) problems.push('text: missing (notification fallback)');
  else {
    if (p.text.length > SLACK_LIMITS.fallbackText)
      problems.push(`text: ${p.text.length} > ${SLACK_LIMITS.fallbackText} characters`);
    problems.push(...unsafeTokens(p.text, 'text'));
  }
  if (p.unfurl_links !== false) problems.push('unfurl_links: must be false');
  if (p.unfurl_media !== false) problems.push('unfurl_media: must be false');
  const blocks = p.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0) return [...problems, 'blocks: missing'];
  if (blocks.length > SLACK_LIMITS.blocksPerMessage)
    problems.push(`blocks: ${blocks.length} > ${SLACK_LIMITS.blocksPerMessage}`);
  const ids = new Set<string>();
  let total = 0;
  blocks.forEach((block: Record<string, unknown>, i) => {
    const at = `blocks[${i}] (${String(block.type)})`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > SLACK_LIMITS.blockId) problems.push(`${at}: block_id too long`);
      if (ids.has(block.block_id)) problems.push(`${at}: duplicate block_id`);
      ids.add(block.block_id);
    }
    const text = block.text as { type?: string; text?: string } | undefined;
    switch (block.type) {
      case 'header':
        if (text?.type !== 'plain_text') problems.push(`${at}: header text must be plain_text`);
        if (!text?.text?.trim()) problems.push(`${at}: empty header`);
        else if (text.text.length > SLACK_LIMITS.headerText)
          problems.push(`${at}: header ${text.text.length} > ${SLACK_LIMITS.headerText}`);
        total += text?.text?.length ?? 0;
        break;
      case 'section':
        if (text?.type !== 'mrkdwn' && text?.type !== 'plain_text') problems.push(`${at}: section needs a text object`);
        if (!text?.text?.trim()) problems.push(`${at}: empty section text`);
        else {
          if (text.text.length > SLACK_LIMITS.sectionText)
            problems.push(`${at}: section ${text.text.length} > ${SLACK_LIMITS.sectionText}`);
          if (text.type === 'mrkdwn') problems.push(...unsafeTokens(text.text, at));
        }
        total += text?.text?.length ?? 0;
        break;
      case 'context': {
        const elements = block.elements as Array<{ type?: string; text?: string }> | undefined;
        if (!Array.isArray(elements) || elements.length === 0) problems.push(`${at}: no elements`);
        else {
          if (elements.length > SLACK_LIMITS.contextElements)
            problems.push(`${at}: ${elements.length} > ${SLACK_LIMITS.contextElements} elements`);
          elements.forEach((e, j) => {
            if (!e.text?.trim()) problems.push(`${at}.elements[${j}]: empty`);
            else {
              if (e.text.length > SLACK_LIMITS.contextText)
                problems.push(`${at}.elements[${j}]: ${e.text.length} > ${SLACK_LIMITS.contextText}`);
              if (e.type === 'mrkdwn') problems.push(...unsafeTokens(e.text, `${at}.elements[${j}]`));
            }
            total += e.text?.length ?? 0;
          });
        }
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${at}: unexpected block type`);
    }
  });
  if (total > SLACK_LIMITS.messageText)
    problems.push(`message: ${total} > ${SLACK_LIMITS.messageText} characters of text`);
  if (p.metadata !== undefined) {
    const m = p.metadata as { event_type?: unknown; event_payload?: Record<string, unknown> };
    if (typeof m.event_type !== 'string' || !/^[a-z0-9_]+$/.test(m.event_type))
      problems.push('metadata.event_type: not a lower_snake_case string');
    for (const [k, v] of Object.entries(m.event_payload ?? {})) {
      if (!['string', 'number', 'boolean'].includes(typeof v))
        problems.push(`metadata.event_payload.${k}: not a flat value`);
    }
  }
  return problems;
}

/** Every `<...>` in mrkdwn must be a link to an http(s) URL: no `<!channel>`, `<@U...>`, `<#C...>`, `<!subteam^...>`. */
function unsafeTokens(mrkdwn: string, at: string): string[] {
  const problems: string[] = [];
  for (const [token] of mrkdwn.matchAll(/<[^>]*>?/g)) {
    if (!/^<https?:\/\/[^\s<>|]+(\|[^<>]*)?>$/.test(token))
      problems.push(`${at}: live Slack token ${JSON.stringify(token.slice(0, 60))}`);
  }
  return problems;
}
