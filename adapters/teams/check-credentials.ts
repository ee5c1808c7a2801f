import { ChatError } from '../../src/domain/errors.js';

/** Azure AD `error` values that mean "these credentials, this app or this tenant are wrong": retrying cannot help. */
const REFUSALS = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_request',
  'invalid_grant',
  'invalid_scope',
]);

/**
 * Asks once for the bot's Bot Framework token (SPEC 7 "First start"). botbuilder would otherwise ask only at the first
 * send, so a wrong MicrosoftAppPassword would show up later as failed deliveries. Credentials Azure AD refuses are
 * AUTH_FAILED (a configuration error, exit 2); a network failure, a 5xx or no answer within `timeoutMs` is
 * UNAVAILABLE (the platform is retried in the background).
 */
export async function checkCredentials(
  getToken: () => Promise<string>,
  options: { loginUrl: string; timeoutMs: number },
): Promise<void> {
  const token = getToken();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([token, timeout]);
    if (outcome === 'timeout') {
      // MSAL cannot cancel its request: let it end (or fail) unobserved.
      token.catch(() => undefined);
      throw new ChatError(
        'UNAVAILABLE',
        `Teams start-up failed: the token endpoint did not answer within ${options.timeoutMs / 1000} s. ` +
          `Check the network and TEAMS_LOGIN_URL (${options.loginUrl}).`,
      );
    }
  } catch (error) {
    if (error instanceof ChatError) throw error;
    throw toStartError(error, options.loginUrl);
  } finally {
    clearTimeout(timer);
  }
}

function toStartError(error: unknown, loginUrl: string): ChatError {
  const { errorCode, status, statusCode } = error as { errorCode?: string; status?: number; statusCode?: number };
  const message = error instanceof Error ? error.message : String(error);
  const httpStatus = status ?? statusCode;
  const refused =
    (errorCode !== undefined && REFUSALS.has(errorCode)) ||
    (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429);
  if (refused)
    return new ChatError(
      'AUTH_FAILED',
      `Azure AD refused the bot's credentials (${message}). Check MicrosoftAppId, MicrosoftAppPassword (the secret's ` +
        'value, not its id), MicrosoftAppType and MicrosoftAppTenantId.',
      { cause: error },
    );
  return new ChatError(
    'UNAVAILABLE',
    `Teams start-up failed: the token endpoint cannot be reached (${message}). ` +
      `Check the network and TEAMS_LOGIN_URL (${loginUrl}).`,
    { cause: error },
  );
}
