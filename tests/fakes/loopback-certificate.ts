import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for 127.0.0.1, made fresh for one test run (no key material is kept in the repository). */
export interface LoopbackCertificate {
  key: string;
  /** PEM; also its own CA: trust it with NODE_EXTRA_CA_CERTS=certFile (a child process) or an explicit CA list. */
  cert: string;
  certFile: string;
}

/** Azure AD's login endpoint is HTTPS only (MSAL refuses http authorities), so its fake needs a certificate. */
export function createLoopbackCertificate(): LoopbackCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'mnb-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}
