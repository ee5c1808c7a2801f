import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/http/decode-body.js';
import { encodeSingleByte, readFeed } from '../../helpers/ingest-fixtures.js';

describe('decodeBody', () => {
  it('decodes a windows-1256 Arabic feed declared in its XML declaration', () => {
    const source = readFeed('ays-ar.xml').replace('encoding="UTF-8"', 'encoding="windows-1256"');
    const legacy = encodeSingleByte(source, 'windows-1256');
    // Arabic letters exist in windows-1256 (Arabic-Indic digits do not, and become "?").
    expect(legacy.text).toContain('شروط أكثر صرامة للواصليين حديثا');
    expect(decodeBody(legacy.bytes)).toEqual({ text: legacy.text, charset: 'windows-1256' });
    expect(decodeBody(legacy.bytes, 'application/rss+xml').charset).toBe('windows-1256');
  });

  it('uses the HTTP header charset when the document declares none', () => {
    const latin = encodeSingleByte('<rss><channel><title>Déplacés</title></channel></rss>', 'iso-8859-1');
    expect(decodeBody(latin.bytes, 'text/xml; charset="ISO-8859-1"')).toEqual({
      text: latin.text,
      charset: 'windows-1252',
    });
  });

  it('reads windows-1252 punctuation as windows-1252 has it, not as C1 controls, whether declared latin1 or windows-1252', () => {
    // “Déplacés” – 5 € … l’été, in windows-1252 bytes.
    const bytes = Buffer.from([
      0x93, 0x44, 0xe9, 0x70, 0x6c, 0x61, 0x63, 0xe9, 0x73, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80, 0x20, 0x85, 0x20,
      0x6c, 0x92, 0xe9, 0x74, 0xe9,
    ]);
    for (const label of ['windows-1252', 'ISO-8859-1', 'latin1'])
      expect(decodeBody(bytes, `text/xml; charset=${label}`).text, label).toBe('“Déplacés” – 5 € … l’été');
  });

  it('reads the charset of an HTML page from its meta tag', () => {
    const page = encodeSingleByte(
      '<html><head><meta charset="windows-1256"><title>لاجئ</title></head></html>',
      'windows-1256',
    );
    expect(decodeBody(page.bytes, 'text/html').text).toContain('<title>لاجئ</title>');
    const old = encodeSingleByte(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body>مهاجر</body></html>',
      'windows-1256',
    );
    expect(decodeBody(old.bytes).text).toContain('مهاجر');
  });

  it('keeps valid UTF-8 as UTF-8 whatever a wrong label says', () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>پناهجو</title></channel></rss>';
    expect(decodeBody(Buffer.from(text), 'text/xml; charset=iso-8859-1')).toEqual({ text, charset: 'utf-8' });
  });

  it('reads undeclared non-UTF-8 bytes as windows-1252, and honours a byte-order mark', () => {
    expect(decodeBody(Buffer.from([0x52, 0xe9, 0x66])).text).toBe('Réf');
    expect(decodeBody(Buffer.from([0xef, 0xbb, 0xbf, 0x3c, 0x72, 0x73, 0x73, 0x2f, 0x3e])).text).toBe('<rss/>');
    expect(decodeBody(Buffer.from('\ufeff<rss/>', 'utf16le')).text).toBe('<rss/>');
  });
});
