import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { LlmError } from '../domain/errors.js';

/** A 400/422 whose message names the response format: the server cannot do structured outputs. */
function rejectsJsonSchema(err: APIError): boolean {
  if (err.status !== 400 && err.status !== 422) return false;
  const detail = `${err.message} ${JSON.stringify(err.error ?? '')}`;
  return /response_format|json_schema/i.test(detail);
}

/** Translates an openai SDK error (after the SDK's own retries) into an LlmError with a code callers branch on. */
export function mapLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  const cause = { cause: err };
  if (err instanceof APIConnectionTimeoutError) return new LlmError('LLM_TIMEOUT', 'LLM request timed out', cause);
  if (err instanceof APIUserAbortError) return new LlmError('LLM_ABORTED', 'LLM request aborted', cause);
  if (err instanceof APIConnectionError) {
    return new LlmError('LLM_UNAVAILABLE', `LLM endpoint unreachable: ${err.message}`, cause);
  }
  if (err instanceof RateLimitError) return new LlmError('LLM_RATE_LIMITED', `LLM rate limit: ${err.message}`, cause);
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) {
    return new LlmError('LLM_AUTH_FAILED', `LLM endpoint refused the API key (OPENAI_API_KEY): ${err.message}`, cause);
  }
  if (err instanceof APIError) {
    if (rejectsJsonSchema(err)) {
      return new LlmError(
        'LLM_JSON_SCHEMA_UNSUPPORTED',
        `LLM endpoint rejected the response format: ${err.message}`,
        cause,
      );
    }
    if (err.status !== undefined && err.status >= 500) {
      return new LlmError('LLM_UNAVAILABLE', `LLM endpoint failed: ${err.message}`, cause);
    }
    if (err.status === 408 || err.status === 409) return new LlmError('LLM_UNAVAILABLE', err.message, cause);
    return new LlmError('LLM_REQUEST_REJECTED', `LLM endpoint rejected the request: ${err.message}`, cause);
  }
  // e.g. a 200 whose body is not JSON: the endpoint is misbehaving, not the model.
  const message = err instanceof Error ? err.message : String(err);
  return new LlmError('LLM_UNAVAILABLE', `LLM call failed: ${message}`, cause);
}
