/**
 * Rough token count for budgeting, no tokenizer needed: about 4 characters per token for Latin
 * script, about 2 for Arabic-script and other non-Latin text, which tokenizers split more finely.
 */
export function estimateTokens(text: string): number {
  let latin = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x0250) latin++;
    else other++;
  }
  return Math.ceil(latin / 4 + other / 2);
}
