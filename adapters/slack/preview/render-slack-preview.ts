import { escapeHtml } from '../../../src/preview/escape-html.js';
import { mrkdwnToHtml } from './mrkdwn-to-html.js';

/** A chat.postMessage payload as far as the preview reads it (the Slack adapter's renderer produces it). */
export interface SlackPreviewMessage {
  /** Notification fallback text. */
  text?: string;
  blocks: unknown[];
}

interface TextObject {
  type?: string;
  text?: string;
}

interface BlockLike {
  type?: string;
  text?: TextObject;
  accessory?: { type?: string };
  fields?: TextObject[];
  elements?: TextObject[];
}

/** Slack's limits (SPEC 7.1), flagged on the preview when a message breaks one. */
const LIMITS = { blocks: 50, section: 3_000, header: 150 };

/**
 * Block Kit messages as HTML close enough to Slack's client to judge layout, direction and length: header,
 * section (mrkdwn), context and divider blocks, one frame per message, with the split between messages marked.
 * Every piece of text is escaped; `dir="auto"` lets each block take the direction of its first strong character,
 * as Slack does (an Arabic block starts with a right-to-left mark).
 */
export function renderSlackPreview(messages: SlackPreviewMessage[]): string {
  return messages
    .map((message, i) => {
      const blocks = message.blocks as BlockLike[];
      const chars = blocks.reduce((n, b) => n + blockChars(b), 0);
      const problems: string[] = [];
      if (blocks.length > LIMITS.blocks)
        problems.push(`${blocks.length} blocks: Slack refuses more than ${LIMITS.blocks}`);
      const split =
        i > 0
          ? `<div class="split-marker" role="separator"><span>message ${i + 1} of ${messages.length}: a separate post</span></div>`
          : '';
      const meta = `message ${i + 1}/${messages.length} · ${blocks.length} blocks · ${chars.toLocaleString('en-US')} characters`;
      return `${split}<article class="sk-message" data-message="${i + 1}">
<div class="sk-avatar" aria-hidden="true">MN</div>
<div class="sk-body">
<div class="sk-byline"><span class="sk-name">Migration News</span> <span class="sk-app">APP</span> <span class="sk-time">preview</span></div>
${blocks.map((b) => renderBlock(b, problems)).join('\n')}
<div class="frame-meta">${escapeHtml(meta)}${problems.map((p) => `<span class="limit-problem">${escapeHtml(p)}</span>`).join('')}</div>
${message.text ? `<div class="sk-fallback" dir="auto">notification text: ${escapeHtml(message.text)}</div>` : ''}
</div>
</article>`;
    })
    .join('\n');
}

function renderBlock(block: BlockLike, problems: string[]): string {
  switch (block.type) {
    case 'header': {
      const text = block.text?.text ?? '';
      if (text.length > LIMITS.header) problems.push(`header of ${text.length} characters (limit ${LIMITS.header})`);
      return `<div class="sk-block sk-header" dir="auto">${escapeHtml(text)}</div>`;
    }
    case 'section': {
      const text = block.text?.text ?? '';
      if (text.length > LIMITS.section) problems.push(`section of ${text.length} characters (limit ${LIMITS.section})`);
      const fields = (block.fields ?? [])
        .map((f) => `<div class="sk-field" dir="auto">${textToHtml(f)}</div>`)
        .join('');
      const menu =
        block.accessory?.type === 'overflow'
          ? '<span class="sk-overflow" title="Ask about this story · Show the original text · Mute this source here">⋯</span>'
          : '';
      return `<div class="sk-block sk-section" dir="auto">${menu}${block.text ? textToHtml(block.text) : ''}${fields ? `<div class="sk-fields">${fields}</div>` : ''}</div>`;
    }
    case 'context':
      return `<div class="sk-block sk-context">${(block.elements ?? []).map((e) => `<span class="sk-context-element" dir="auto">${textToHtml(e)}</span>`).join('')}</div>`;
    case 'divider':
      return '<hr class="sk-block sk-divider">';
    // Buttons (Home tab, Undo): their labels, as Slack shows them.
    case 'actions':
      return `<div class="sk-block sk-actions">${((block as { elements?: Array<{ text?: TextObject; style?: string }> }).elements ?? []).map((b) => `<span class="sk-button${b.style ? ` sk-button-${escapeHtml(b.style)}` : ''}">${escapeHtml(b.text?.text ?? '')}</span>`).join('')}</div>`;
    default:
      return `<div class="sk-block sk-unsupported">[${escapeHtml(String(block.type ?? 'unknown'))} block: not shown in the preview]</div>`;
  }
}

function textToHtml(text: TextObject): string {
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text ?? '') : escapeHtml(text.text ?? '');
}

function blockChars(block: BlockLike): number {
  return (
    (block.text?.text?.length ?? 0) +
    (block.elements ?? []).reduce((n, e) => n + (e.text?.length ?? 0), 0) +
    (block.fields ?? []).reduce((n, f) => n + (f.text?.length ?? 0), 0)
  );
}
