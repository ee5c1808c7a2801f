/** Query parameters that only track clicks and campaigns; matched case-insensitively. */
const TRACKING_EXACT = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'echobox',
  'ocid',
  'cmpid',
  'cmp',
  'xtor',
  'xtref',
  'ito',
  'smid',
  'sr_share',
  'ref_src',
  'ref_url',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'vero_id',
  'vero_conv',
  'oly_anon_id',
  'oly_enc_id',
  'rb_clickid',
  's_cid',
  'wt.mc_id',
  'wt_mc',
  'wt_zmc',
  'ns_mchannel',
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  'spm',
  'scm',
  'guccounter',
]);
/** Parameter prefixes used only for tracking (Google Analytics utm_*, AT Internet at_*, HubSpot hsa_*, Piano pk_*). */
const TRACKING_PREFIX = /^(?:utm_|at_|hsa_|pk_|mtm_|matomo_|ga_|__twitter|_branch)/i;
const UNRESERVED = /%(2[DEde]|5[Ff]|7[Ee]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa])/g;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Upper-cases percent-escapes and decodes the ones that encode unreserved ASCII characters. */
function normalizeEscapes(text: string): string {
  if (!text.includes('%')) return text;
  return text
    .replace(UNRESERVED, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/%[0-9a-f]{2}/gi, (hex) => hex.toUpperCase());
}

function isTracking(key: string): boolean {
  const name = safeDecode(key).toLowerCase();
  return TRACKING_EXACT.has(name) || TRACKING_PREFIX.test(name);
}

/**
 * The URL used to recognise the same article: tracking parameters stripped, fragment dropped,
 * host lower-cased (IDN as punycode), default port removed, query sorted by key, trailing slash
 * removed (except the root), percent-escapes normalised so an Arabic path is the same key whether
 * it was written encoded or not. Pure and idempotent; null for anything but a valid http(s) URL.
 * The result stays a working link (parameter values keep their encoding).
 */
export function canonicalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  if (parsed.hostname.endsWith('.')) parsed.hostname = parsed.hostname.replace(/\.+$/, '');

  let path = normalizeEscapes(parsed.pathname).replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  parsed.pathname = path;

  const params = parsed.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !isTracking(part.split('=', 1)[0] ?? ''))
    .map((part) => normalizeEscapes(part))
    .map((part, index) => ({ part, key: safeDecode(part.split('=', 1)[0] ?? ''), index }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  parsed.search = params.length ? `?${params.map((p) => p.part).join('&')}` : '';
  return parsed.href;
}
