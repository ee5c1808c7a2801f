/** Slack/Teams mention syntax and plain @-broadcasts. Escaping is the renderer's job; this only makes it visible. */
const MENTION =
  /<!(?:channel|here|everyone|subteam\^[^>]*)[^>]*>|<@[A-Z0-9]+>|<at>[^<]*<\/at>|(?<![\w.])@(?:here|channel|everyone)\b/gi;
const URL = /\bhttps?:\/\/[^\s<>"'()]+|\bwww\.[^\s<>"'()]+/gi;

/** Warnings for model output that mentions someone or links somewhere the sources do not. */
export function flagUnsafeOutput(text: string, sources: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const mention of new Set(text.match(MENTION) ?? [])) warnings.push(`summary contains a mention (${mention})`);
  const source = sources.join('\n').toLowerCase();
  for (const raw of new Set(text.match(URL) ?? [])) {
    const url = raw.replace(/[.,;:!?]+$/, '');
    if (!source.includes(url.toLowerCase())) warnings.push(`summary contains a link not in the source (${url})`);
  }
  return warnings;
}
