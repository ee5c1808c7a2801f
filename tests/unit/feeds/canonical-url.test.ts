import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/editions/canonical-url.js';
import { articles } from '../../helpers/ingest-fixtures.js';

describe('canonicalUrl', () => {
  it('strips the Courrier international tracking parameters (utm_medium, utm_source, Echobox)', () => {
    const article = articles.find((a) => a.id === 'dev-fr-courrierinternational-libye-migrants');
    expect(canonicalUrl(article?.url)).toBe(
      'https://www.courrierinternational.com/video/enquete-comment-leurope-et-la-libye-laissent-mourir-les-migrants-en-mer',
    );
  });

  it('drops tracking parameters, fragment and default port, lower-cases the host and sorts the query', () => {
    expect(
      canonicalUrl('HTTPS://WWW.Example.COM:443/News/Story/?b=2&a=1&utm_campaign=x&fbclid=abc&gclid=1#section'),
    ).toBe('https://www.example.com/News/Story?a=1&b=2');
    expect(
      canonicalUrl(
        'http://example.org:80/x?xtor=RSS-1&at_medium=rss&ocid=x&cmpid=y&mc_cid=1&mc_eid=2&ECHOBOX=3&UTM_SOURCE=t&id=7',
      ),
    ).toBe('http://example.org/x?id=7');
  });

  it('treats an Arabic path the same whether written raw, percent-encoded, or with lower-case escapes', () => {
    const raw = canonicalUrl('https://medium.com/are-you-syrious/شروط-أكثر');
    expect(raw).toBe('https://medium.com/are-you-syrious/%D8%B4%D8%B1%D9%88%D8%B7-%D8%A3%D9%83%D8%AB%D8%B1');
    expect(canonicalUrl('https://medium.com/are-you-syrious/%D8%B4%D8%B1%D9%88%D8%B7-%D8%A3%D9%83%D8%AB%D8%B1')).toBe(
      raw,
    );
    expect(canonicalUrl('https://medium.com/are-you-syrious/%d8%b4%d8%b1%d9%88%d8%b7-%d8%a3%d9%83%d8%ab%d8%b1/')).toBe(
      raw,
    );
  });

  it('normalises trailing slashes, unreserved escapes and credentials; keeps repeated keys in order', () => {
    expect(canonicalUrl('https://example.com')).toBe('https://example.com/');
    expect(canonicalUrl('https://user:pw@example.com./a//b/')).toBe('https://example.com/a/b');
    expect(canonicalUrl('https://example.com/a%2Db%7Ec?q=%41%42&x=%2f')).toBe('https://example.com/a-b~c?q=AB&x=%2F');
    expect(canonicalUrl('https://example.com/?tag=b&tag=a')).toBe('https://example.com/?tag=b&tag=a');
  });

  it('returns null for anything that is not an http(s) URL', () => {
    for (const url of [
      '',
      'not a url',
      'ftp://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      null,
      undefined,
    ]) {
      expect(canonicalUrl(url)).toBeNull();
    }
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = canonicalUrl(url);
        return once === null || canonicalUrl(once) === once;
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (path, query) => {
        const once = canonicalUrl(`https://example.com/${path}?${query}`);
        return once === null || canonicalUrl(once) === once;
      }),
      { numRuns: 2000 },
    );
  });
});
