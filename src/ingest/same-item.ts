import type { Edition } from '../domain/types.js';
import { REPUBLICATION_MAX_MS, republicationWords, similarWords } from '../editions/is-republication.js';
import type { ReadItem } from '../feeds/read-source.js';

/**
 * Whether the edition stored at an item's link is that item (then a changed text is an update of it). Mostly it is;
 * but a link is not always an item's identity (SPEC 5.1, nothing is lost):
 * - another source's edition at the link is the same item only if it says the same thing: the same text, the same
 *   title, or similar words with the same figures. Another story there (two sources linking to one homepage) or
 *   another language (a translation published at the same address) is not a copy to drop;
 * - this source's own edition at a link neither has a guid for is another item when it is another issue: a new
 *   title, published more than 12 h apart (this week's bulletin at the homepage link that carried last week's).
 */
export function sameItemAtLink(edition: Edition, item: ReadItem, sourceId: string): boolean {
  if (edition.contentHash === item.contentHash || edition.contentHash === item.textHash) return true;
  if (edition.sourceId !== sourceId) {
    if (edition.language !== item.language) return false;
    return sameTitle(edition.title, item.title) || similarWords(republicationWords(edition), republicationWords(item));
  }
  if (edition.guid || item.guid) return true;
  return !(farApart(edition.publishedAt, item.publishedAt) && !sameTitle(edition.title, item.title));
}

/**
 * The same words at another link, published more than 12 h apart: another issue of a bulletin whose feed text is
 * only its title ("Weekly snapshot"), not a copy (a re-publication keeps its dates, SPEC 5.1).
 */
export function anotherIssue(edition: Edition, item: ReadItem): boolean {
  return (
    !!edition.url &&
    !!item.canonicalUrl &&
    edition.url !== item.canonicalUrl &&
    farApart(edition.publishedAt, item.publishedAt)
  );
}

/** Both dated, and further apart than a re-publication can be. */
function farApart(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  return Math.abs(Date.parse(a) - Date.parse(b)) > REPUBLICATION_MAX_MS;
}

function sameTitle(a: string, b: string): boolean {
  return a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');
}
