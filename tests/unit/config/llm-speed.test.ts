import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/domain/errors.js';

describe('LLM_CONCURRENCY and LLM_INPUT_TOKEN_CAP', () => {
  it('default to 8 calls in flight and 850 tokens of article text per request', () => {
    const config = loadConfig({});
    expect(config.llmConcurrency).toBe(8);
    expect(config.llmInputTokenCap).toBe(850);
  });

  it('take a valid value', () => {
    const config = loadConfig({ LLM_CONCURRENCY: '16', LLM_INPUT_TOKEN_CAP: '4000' });
    expect(config.llmConcurrency).toBe(16);
    expect(config.llmInputTokenCap).toBe(4_000);
  });

  it('reject zero, fractions, words and absurd values, naming the variable', () => {
    for (const [name, value] of [
      ['LLM_CONCURRENCY', '0'],
      ['LLM_CONCURRENCY', '1.5'],
      ['LLM_CONCURRENCY', 'many'],
      ['LLM_CONCURRENCY', '1000'],
      ['LLM_INPUT_TOKEN_CAP', '10'],
      ['LLM_INPUT_TOKEN_CAP', 'x'],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error, `${name}=${value}`).toBeInstanceOf(ConfigError);
      expect(String((error as Error).message)).toContain(`${name}: "${value}"`);
    }
  });
});
