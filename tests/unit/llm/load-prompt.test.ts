import { describe, expect, it } from 'vitest';
import { AppError, LlmError } from '../../../src/domain/errors.js';
import { loadPrompt } from '../../../src/llm/load-prompt.js';
import { renderPrompt } from '../../../src/llm/render-prompt.js';

describe('loadPrompt', () => {
  it('reads prompts/summarise/v1.md into a versioned system and user template', () => {
    const prompt = loadPrompt('summarise', 'v1');
    expect(prompt.version).toBe('summarise/v1');
    expect(prompt.system).toMatch(/^You write entries for a migration-news digest/);
    expect(prompt.system).not.toContain('# user');
    expect(prompt.user).toContain('{{articles}}');
    expect(prompt.user).toContain('{{tasks}}');
    // The comment above the first heading is for humans, not the model.
    expect(prompt.system).not.toContain('Placeholders');
  });

  it('refuses unknown prompts and path tricks with a code, as a bug rather than an LLM outage', () => {
    expect(() => loadPrompt('summarise', 'v999')).toThrowError(expect.objectContaining({ code: 'PROMPT_NOT_FOUND' }));
    expect(() => loadPrompt('../etc', 'passwd')).toThrowError(AppError);
    try {
      loadPrompt('summarise', 'v999');
    } catch (err) {
      expect(err).not.toBeInstanceOf(LlmError);
    }
  });
});

describe('renderPrompt', () => {
  it('fills placeholders once, never expanding placeholders inside values', () => {
    const out = renderPrompt('A {{x}} B {{ y }}', { x: '{{y}}', y: 'why' });
    expect(out).toBe('A {{y}} B why');
  });

  it('fails on a placeholder without a value', () => {
    expect(() => renderPrompt('{{missing}}', {})).toThrowError(
      expect.objectContaining({ code: 'PROMPT_PLACEHOLDER_MISSING' }),
    );
  });
});
