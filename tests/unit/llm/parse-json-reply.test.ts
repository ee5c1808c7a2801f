import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonReply } from '../../../src/llm/parse-json-reply.js';

const schema = z.object({ n: z.number() });

describe('parseJsonReply', () => {
  it('parses plain and fenced JSON', () => {
    expect(parseJsonReply('{"n": 1}', schema)).toEqual({ ok: true, value: { n: 1 } });
    expect(parseJsonReply('```json\n{"n": 2}\n```', schema)).toEqual({ ok: true, value: { n: 2 } });
  });

  it('explains what is wrong, for the repair turn', () => {
    const notJson = parseJsonReply('Sure! {"n":', schema);
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.error).toMatch(/^the reply is not valid JSON/);
    const wrong = parseJsonReply('{"n": "one"}', schema);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error).toMatch(/does not match the schema[\s\S]*n/);
  });
});
