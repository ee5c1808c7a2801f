import { z } from 'zod';

/** Parses a model's reply as JSON and validates it; the error text is what the repair turn shows the model. */
export function parseJsonReply<T>(
  content: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; error: string } {
  // Some json_object servers still wrap the object in a Markdown fence.
  const text = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `the reply is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: `the JSON does not match the schema:\n${z.prettifyError(result.error)}` };
}
