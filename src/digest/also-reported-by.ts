import type { DigestItem } from '../domain/digest.js';
import { nativeLanguageName } from '../domain/languages.js';
import { isolate } from './visible-warnings.js';

/** At most this many publishers are named; the rest are counted ("+2 more"). */
const MAX_PUBLISHERS = 4;
const MAX_NAME = 60;
// Embeddings, overrides and isolates inside a publisher's name: only the isolates this line adds may shape it.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * The other publishers of an item, compactly (SPEC 5.1, one event, several publishers): "Also reported by: Al Jazeera
 * (العربية), BBC". A publisher's language is named when it is not the primary edition's. Null when there is none.
 * Each name is wrapped in a first-strong isolate, so an Arabic name between Latin ones keeps the list's order; the
 * names' own bidi controls are removed. `escapeName` makes each name safe for the renderer's markup before it is wrapped,
 * so a renderer that strips bidi controls from untrusted text keeps these marks (Slack); without it, plain text.
 */
export function alsoReportedBy(item: DigestItem, escapeName: (text: string) => string = (text) => text): string | null {
  const languages = new Map<string, Set<string>>();
  const primary = publisherKey(item.sourceName);
  for (const e of item.editions) {
    // Without sourceName (digests stored before it existed) the publisher is unknown: never guessed from a source id.
    const name = (e.sourceName ?? '').replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME);
    if (!name || publisherKey(name) === primary) continue;
    const set = languages.get(name) ?? new Set<string>();
    if (e.language !== item.language) set.add(e.language);
    languages.set(name, set);
  }
  if (languages.size === 0) return null;
  const named = [...languages]
    .slice(0, MAX_PUBLISHERS)
    .map(([name, langs]) =>
      langs.size > 0
        ? `${isolate(escapeName(name))} (${[...langs].map((l) => isolate(escapeName(nativeLanguageName(l)))).join(', ')})`
        : isolate(escapeName(name)),
    );
  const more = languages.size - named.length;
  return `Also reported by: ${named.join(', ')}${more > 0 ? `, +${more} more` : ''}`;
}

/** Sources with the same name are one publisher (as ingest groups them). */
function publisherKey(name: string): string {
  return name.trim().toLowerCase();
}
