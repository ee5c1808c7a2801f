import { AppError } from '../domain/errors.js';

const PLACEHOLDER = /\{\{\s*([a-zA-Z][\w]*)\s*\}\}/g;

/**
 * Fills {{name}} placeholders in one pass, so a value that itself contains "{{...}}" (article text) is
 * never expanded. A placeholder without a value is an error, not an empty string.
 */
export function renderPrompt(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new AppError('PROMPT_PLACEHOLDER_MISSING', `no value for {{${name}}}`);
    return value;
  });
}
