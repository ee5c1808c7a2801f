import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLoopbackCertificate, type LoopbackCertificate } from './loopback-certificate.js';
import { readBody } from './read-request-body.js';

/** One request the fake Azure AD received. */
export interface TokenEndpointRequest {
  method: string;
  path: string;
  /** The tenant segment of the path (`botframework.com` for multi-tenant bots, the tenant id for single-tenant). */
  tenant: string | null;
  /** The form fields of a token request (client_id, client_secret, scope, grant_type); {} for a GET. */
  form: Record<string, string>;
  /** Status answered; 0 while stalled. */
  status: number;
}

export interface FakeTokenEndpoint {
  /** What TEAMS_LOGIN_URL is set to: `https://127.0.0.1:{port}` (the tenant is appended by the bot). */
  url: string;
  port: number;
  /** The certificate it presents: trust it with NODE_EXTRA_CA_CERTS=certFile or the adapter's `tokenCa`. */
  certificate: LoopbackCertificate;
  /** The access token issued to good credentials. */
  accessToken: string;
  requests: TokenEndpointRequest[];
  /** POSTs to a token endpoint (what a credentials check costs). */
  tokenRequests(): TokenEndpointRequest[];
  /** The next `count` token requests get `status` with an Azure AD error body (503 temporarily_unavailable, ...). */
  failNext(count: number, status: number, error: string): void;
  /** From now on every request is read and never answered (connections stay open until close()). */
  stall(): void;
  close(): Promise<void>;
}

export interface FakeTokenEndpointOptions {
  appId: string;
  password: string;
  /** Tenants that exist (default only `botframework.com`, the tenant of multi-tenant bots). */
  tenants?: string[];
  /** Listen on this port (a restart at the same address). */
  port?: number;
  /** Reuse a certificate (one a child process already trusts); a new one otherwise. */
  certificate?: LoopbackCertificate;
}

const SCOPE = 'https://api.botframework.com/.default';

/**
 * A loopback fake of the Azure AD (Microsoft Entra ID) v2.0 endpoints the bot's MSAL client calls for its Bot
 * Framework token: the tenant's OpenID discovery document, then the client-credentials token request. Errors are
 * Azure AD's own (status, `error`, AADSTS code). It answers the discovery document for any tenant, as MSAL's built-in
 * metadata does for Microsoft's own login host, so a wrong tenant shows at the token request, as it does there.
 */
export async function startFakeTokenEndpoint(options: FakeTokenEndpointOptions): Promise<FakeTokenEndpoint> {
  const certificate = options.certificate ?? createLoopbackCertificate();
  const tenants = new Set(options.tenants ?? ['botframework.com']);
  const accessToken = `fake-aad-token-${randomUUID()}`;
  const requests: TokenEndpointRequest[] = [];
  const failures: Array<{ status: number; error: string }> = [];
  let stalled = false;
  let origin = '';

  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    void readBody(req).then((raw) => handle(req, res, raw));
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const tenant = path.split('/').filter(Boolean)[0] ?? null;
    const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(raw)) : {};
    const record: TokenEndpointRequest = { method: req.method ?? 'GET', path, tenant, form, status: 0 };
    requests.push(record);
    if (stalled) return;
    const answer = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path === `/${tenant}/v2.0/.well-known/openid-configuration`) {
      answer(200, {
        issuer: `${origin}/${tenant}/v2.0`,
        authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
        jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
      });
      return;
    }
    if (req.method !== 'POST' || path !== `/${tenant}/oauth2/v2.0/token`) {
      answer(404, { error: 'not_found' });
      return;
    }
    const failure = failures.shift();
    if (failure) {
      answer(failure.status, aadError(failure.error, 'AADSTS50000: The service is temporarily unavailable.', 50000));
      return;
    }
    if (!tenant || !tenants.has(tenant)) {
      answer(400, aadError('invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`, 90002));
      return;
    }
    if (form.grant_type !== 'client_credentials' || form.scope !== SCOPE) {
      answer(400, aadError('invalid_request', 'AADSTS900144: bad grant_type or scope.', 900144));
      return;
    }
    if (form.client_id !== options.appId) {
      answer(
        400,
        aadError(
          'unauthorized_client',
          `AADSTS700016: Application with identifier '${form.client_id}' was not found in the directory '${tenant}'.`,
          700016,
        ),
      );
      return;
    }
    if (form.client_secret !== options.password) {
      answer(
        401,
        aadError(
          'invalid_client',
          `AADSTS7000215: Invalid client secret provided for app '${options.appId}'.`,
          7000215,
        ),
      );
      return;
    }
    answer(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `https://127.0.0.1:${port}`;

  return {
    url: origin,
    port,
    certificate,
    accessToken,
    requests,
    tokenRequests: () => requests.filter((r) => r.method === 'POST'),
    failNext(count, status, error) {
      for (let i = 0; i < count; i++) failures.push({ status, error });
    },
    stall() {
      stalled = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function aadError(error: string, description: string, code: number): Record<string, unknown> {
  return {
    error,
    error_description: `${description} Trace ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  };
}
