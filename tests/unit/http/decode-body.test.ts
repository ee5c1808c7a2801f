import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/domain/errors.js';
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

/** A one-item RSS document with an XML declaration naming `declared` (none when null). */
const rss = (title: string, declared: string | null = 'UTF-8') =>
  `${declared ? `<?xml version="1.0" encoding="${declared}"?>` : ''}<rss><channel><item><title>${title}</title></item></channel></rss>`;

const refusal = (bytes: Uint8Array, contentType?: string) => {
  try {
    decodeBody(bytes, contentType, 'https://feeds.example/x.xml');
  } catch (error) {
    return error as SourceError;
  }
  throw new Error('decodeBody did not refuse the bytes');
};

describe('decodeBody: bytes that declare UTF-8 (or nothing) and are not UTF-8', () => {
  it('keeps a UTF-8 feed with a stray byte as UTF-8, the byte replaced by U+FFFD, and says so', () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss><channel><item><title>Réfugiés à Calais, l’hiver'),
      Buffer.from([0xa0]),
      Buffer.from('arrive déjà</title></item></channel></rss>'),
    ]);
    const decoded = decodeBody(bytes);
    expect(decoded.charset).toBe('utf-8');
    expect(decoded.text).toContain('Réfugiés à Calais, l’hiver\ufffdarrive déjà');
    expect(decoded.warning).toMatch(/declares utf-8 \(XML declaration\), but 1 byte sequence\(s\) are not valid UTF-8/);
  });

  it('reads windows-1256 Arabic bytes declared UTF-8 as Arabic, with a warning naming the wrong declaration', () => {
    const legacy = encodeSingleByte(readFeed('ays-ar.xml'), 'windows-1256');
    expect(legacy.text).toContain('encoding="UTF-8"');
    const decoded = decodeBody(legacy.bytes, 'application/rss+xml; charset=utf-8');
    expect(decoded).toMatchObject({ text: legacy.text, charset: 'windows-1256' });
    expect(decoded.text).toContain('شروط أكثر صرامة للواصليين حديثا');
    expect(decoded.warning).toMatch(
      /declares utf-8 \(XML declaration\), but its bytes are Arabic text in windows-1256/,
    );
    // Declared in the HTTP header only, or not at all: the same.
    const bare = encodeSingleByte(rss('وصول مئات المهاجرين إلى السواحل', null), 'windows-1256');
    expect(decodeBody(bare.bytes, 'text/xml; charset=utf-8')).toMatchObject({
      text: bare.text,
      charset: 'windows-1256',
      warning: expect.stringMatching(/^declares utf-8 \(HTTP header\)/),
    });
    expect(decodeBody(bare.bytes).warning).toMatch(/^declares no charset, but its bytes are Arabic text/);
  });

  it('reads Latin-1 French, Spanish or German declared UTF-8 as windows-1252, right to the curly quote, with a warning', () => {
    const french = encodeSingleByte(readFeed('courrierinternational-fr.xml'), 'windows-1252');
    expect(french.text).toContain('Comment l’Europe et la Libye');
    const decoded = decodeBody(french.bytes, 'application/rss+xml; charset=UTF-8');
    expect(decoded).toMatchObject({ text: french.text, charset: 'windows-1252' });
    expect(decoded.warning).toMatch(/declares utf-8 \(XML declaration\), but its bytes are Latin text in windows-1252/);
    // Spanish á, í, ó, ñ decode to Arabic letters and marks in windows-1256; mixed with Latin ones they are not Arabic.
    for (const title of [
      'Más de cien migrantes llegan a España; la situación sigue crítica',
      'Flüchtlinge müssen länger warten, heißt es',
    ]) {
      const latin = encodeSingleByte(rss(title), 'windows-1252');
      expect(decodeBody(latin.bytes), title).toMatchObject({ text: latin.text, charset: 'windows-1252' });
    }
  });

  it('refuses other encodings declared UTF-8 with FEED_CHARSET, naming the declaration, instead of garbling them', () => {
    const cases: [string, Uint8Array, string | undefined, RegExp][] = [
      [
        'Russian windows-1251',
        encodeSingleByte(rss('Мигранты и беженцы прибыли на побережье Испании'), 'windows-1251').bytes,
        undefined,
        /declares utf-8 \(XML declaration\), but its bytes are not utf-8/,
      ],
      [
        'Greek windows-1253',
        encodeSingleByte(rss('Μετανάστες και πρόσφυγες έφτασαν στην Ελλάδα', null), 'windows-1253').bytes,
        'application/rss+xml; charset=utf-8',
        /declares utf-8 \(HTTP header\), but its bytes are not utf-8/,
      ],
      [
        'Turkish windows-1254 (ğ, ş, ı would become ð, þ, ý)',
        encodeSingleByte(rss('Türkiye’deki göçmenler için yeni düzenleme açıklandı'), 'windows-1254').bytes,
        undefined,
        /declares utf-8/,
      ],
      [
        'Arabic ISO-8859-6 (mixed with Latin letters in windows-1256)',
        encodeSingleByte(rss('وصول مئات المهاجرين إلى السواحل الإيطالية في يوم واحد'), 'iso-8859-6').bytes,
        undefined,
        /declares utf-8/,
      ],
    ];
    for (const [name, bytes, contentType, declared] of cases) {
      const error = refusal(bytes, contentType);
      expect(error, name).toBeInstanceOf(SourceError);
      expect(error.code, name).toBe('FEED_CHARSET');
      expect(error.message, name).toMatch(/^https:\/\/feeds\.example\/x\.xml: /);
      expect(error.message, name).toMatch(declared);
      expect(error.message, name).toMatch(/read as neither Arabic \(windows-1256\) nor Latin \(windows-1252\)/);
    }
  });

  it('still trusts a legacy charset declared in the document or the header, and valid UTF-8 whatever it declares', () => {
    const arabic = encodeSingleByte(rss('اللاجئين', 'windows-1256'), 'windows-1256');
    expect(decodeBody(arabic.bytes, 'text/xml; charset=utf-8')).toEqual({ text: arabic.text, charset: 'windows-1256' });
    const header = encodeSingleByte(rss('اللاجئين'), 'windows-1256');
    expect(decodeBody(header.bytes, 'text/xml; charset=windows-1256')).toEqual({
      text: header.text,
      charset: 'windows-1256',
    });
    expect(decodeBody(Buffer.from(rss('Мигранты'))).warning).toBeUndefined();
  });
});

describe('decodeBody: declarations that disagree, name no known charset, or name UTF-16 without a byte-order mark', () => {
  const ARABIC = 'وصل مئات المهاجرين إلى السواحل الإيطالية بعد رحلة خطيرة عبر البحر المتوسط';

  it('follows the HTTP header over a disagreeing XML declaration (RFC 7303) when the header reads as its script', () => {
    const feed = encodeSingleByte(rss(ARABIC, 'ISO-8859-1'), 'windows-1256');
    const decoded = decodeBody(feed.bytes, 'application/rss+xml; charset="Windows-1256"');
    expect(decoded.charset).toBe('windows-1256');
    expect(decoded.text).toBe(feed.text);
    expect(decoded.warning).toMatch(/ISO-8859-1|windows-1252/i);
  });

  it('still reads the document label when the header is a server default its bytes do not fit (Arabic behind latin1)', () => {
    const feed = encodeSingleByte(rss(ARABIC, 'windows-1256'), 'windows-1256');
    expect(decodeBody(feed.bytes, 'text/xml; charset=ISO-8859-1')).toMatchObject({
      text: feed.text,
      charset: 'windows-1256',
    });
    // French in Latin-1 behind a windows-1256 header: the Latin declaration is the one that reads.
    const french = encodeSingleByte(
      rss('Des réfugiés déplacés à Calais, où l’hiver arrive', 'ISO-8859-1'),
      'windows-1252',
    );
    expect(decodeBody(french.bytes, 'text/xml; charset=windows-1256')).toMatchObject({
      text: french.text,
      charset: 'windows-1252',
    });
  });

  it('refuses non-UTF-8 bytes whose only charset label is unknown with FEED_CHARSET naming the label, instead of guessing', () => {
    const arabic = encodeSingleByte(rss(ARABIC, 'x-mac-arabic'), 'windows-1256').bytes;
    const inDocument = refusal(arabic);
    expect(inDocument.code).toBe('FEED_CHARSET');
    expect(inDocument.message).toMatch(/x-mac-arabic/);
    const inHeader = refusal(encodeSingleByte(rss(ARABIC, null), 'windows-1256').bytes, 'text/xml; charset=cp864');
    expect(inHeader.code).toBe('FEED_CHARSET');
    expect(inHeader.message).toMatch(/cp864/);
    // ASCII or UTF-8 bytes need no label: an unknown one does not matter then.
    expect(decodeBody(Buffer.from(rss('لاجئون', 'x-mac-arabic')), 'text/xml; charset=cp864').charset).toBe('utf-8');
  });

  it('reads UTF-16 without a byte-order mark when the header says UTF-16 or the document starts as UTF-16 "<"', () => {
    const text = rss(ARABIC, 'UTF-16');
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeBody(le, 'application/rss+xml; charset=utf-16')).toEqual({ text, charset: 'utf-16le' });
    expect(decodeBody(be, 'application/rss+xml; charset=UTF-16BE')).toEqual({ text, charset: 'utf-16be' });
    expect(decodeBody(be, 'application/rss+xml')).toEqual({ text, charset: 'utf-16be' });
    const ascii = rss('Migrants', 'UTF-16');
    expect(decodeBody(Buffer.from(ascii, 'utf16le'), 'text/xml')).toEqual({ text: ascii, charset: 'utf-16le' });
  });
});
