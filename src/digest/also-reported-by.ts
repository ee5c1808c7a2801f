import type { DigestItem } from '../domain/digest.js';
import { nativeLanguageName } from '../domain/languages.js';
import { isolate } from './visible-warnings.js';

/** At most this many publishers are named; the rest are counted ("+2 more"). */
const MAX_PUBLISHERS = 4;
const MAX_NAME = 60;

/**
 * The other publishers of an item, compactly (SPEC 5.1, one event, several publishers): "Also reported by: Al Jazeera
 * (العربية), BBC". A publisher's language is named when it is not the primary edition's. Null when there is none.
 * Plain text: each renderer escapes it for its own markup.
 */
export function alsoReportedBy(item: DigestItem): string | null {
  const languages = new Map<string, Set<string>>();
  const primary = publisherKey(item.sourceName);
  for (const e of item.editions) {
    // Without sourceName (digests stored before it existed) the publisher is unknown: never guessed from a source id.
    const name = (e.sourceName ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME);
    if (!name || publisherKey(name) === primary) continue;
    const set = languages.get(name) ?? new Set<string>();
    if (e.language !== item.language) set.add(e.language);
    languages.set(name, set);
  }
  if (languages.size === 0) return null;
  const named = [...languages]
    .slice(0, MAX_PUBLISHERS)
    .map(([name, langs]) =>
      langs.size > 0 ? `${name} (${[...langs].map((l) => isolate(nativeLanguageName(l))).join(', ')})` : name,
    );
  const more = languages.size - named.length;
  return `Also reported by: ${named.join(', ')}${more > 0 ? `, +${more} more` : ''}`;
}

/** Sources with the same name are one publisher (as ingest groups them). */
function publisherKey(name: string): string {
  return name.trim().toLowerCase();
}
