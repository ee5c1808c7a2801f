/** "postgres://user:pw@host/db" -> "postgres://user:***@host/db": only the password is secret, the rest helps. */
export function maskUrlPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
