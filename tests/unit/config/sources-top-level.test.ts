import { describe, expect, it } from 'vitest';
import { parseSources } from '../../../src/config/load-sources.js';
import { ConfigError } from '../../../src/domain/errors.js';

/** The problems parseSources reports for a file, one per line as the CLI prints them. */
function problems(raw: string, path = 'sources.yaml'): string[] {
  try {
    parseSources(raw, path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('parseSources accepted the file');
}

describe('the top level of the sources file (SPEC 4: unknown keys are an error that names them)', () => {
  it('names a misspelt "sources" key and suggests the right one, with the problems of the list under it, in one run', () => {
    expect(
      problems(
        ['source:', '  - { id: a, name: A, url: https://a.example/feed }', '  - { id: Bad_Id, name: B }', ''].join(
          '\n',
        ),
      ),
    ).toEqual([
      'sources.yaml: (top level): unknown key "source" (did you mean "sources"?)',
      'sources.yaml: source.1.id (source "Bad_Id"): must match [a-z0-9-] (lower-case letters, digits, hyphens)',
      'sources.yaml: source.1.url (source "Bad_Id"): is required: an http(s) URL or a path relative to the sources file',
    ]);
    expect(problems('{"Sources": [{"id": "a", "name": "A", "url": "https://a.example/feed"}]}', 's.json')).toEqual([
      's.json: (top level): unknown key "Sources" (did you mean "sources"?)',
    ]);
  });

  it('names every unknown top-level key beside a valid list, and says when "sources:" is missing', () => {
    expect(problems('sources:\n  - { id: a, name: A, url: https://a.example/feed }\nfeeds: []\nversion: 2\n')).toEqual([
      'sources.yaml: (top level): unknown key "feeds" (only "sources" is allowed)',
      'sources.yaml: (top level): unknown key "version" (only "sources" is allowed)',
    ]);
    expect(problems('feeds:\n  - { id: a, name: A, url: https://a.example/feed }\n')).toEqual([
      'sources.yaml: (top level): unknown key "feeds" (only "sources" is allowed)',
      'sources.yaml: (top level): "sources:" is missing: expected "sources:" with a list of sources',
    ]);
  });

  it('says what it found where the list of sources should be', () => {
    expect(problems('- { id: a, name: A, url: https://a.example/feed }\n')).toEqual([
      'sources.yaml: (top level): expected "sources:" with a list of sources, found a list (is the "sources:" line above it missing?)',
    ]);
    expect(problems('')[0]).toMatch(/found nothing/);
    expect(problems('sources:\n  id: a\n')).toEqual([
      'sources.yaml: sources: expected a list of sources ("- id: ..." lines), found a mapping',
    ]);
    expect(problems('sources: []\n')).toEqual(['sources.yaml: sources: the list is empty; add at least one source']);
  });
});
