import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../src/feeds/parse-feed-date.js';

describe('parseFeedDate on the dates feeds really write', () => {
  it('reads RFC 822 with named zones and offsets, and ISO 8601 with or without a zone', () => {
    expect(parseFeedDate('Mon, 06 Jan 2025 10:00:00 EST')).toBe('2025-01-06T15:00:00.000Z');
    expect(parseFeedDate('Mon, 06 Jan 2025 10:00:00 +0300')).toBe('2025-01-06T07:00:00.000Z');
    expect(parseFeedDate('06 Jan 2025 10:00 CET')).toBe('2025-01-06T09:00:00.000Z');
    expect(parseFeedDate('2025-01-06T10:00:00')).toBe('2025-01-06T10:00:00.000Z');
    expect(parseFeedDate('2025-01-06')).toBe('2025-01-06T00:00:00.000Z');
  });

  it('reads ISO 8601 offsets written as hours only or after a space', () => {
    expect(parseFeedDate('2025-01-06T10:00:00+03')).toBe('2025-01-06T07:00:00.000Z');
    expect(parseFeedDate('2025-01-06T10:00:00 +0300')).toBe('2025-01-06T07:00:00.000Z');
    expect(parseFeedDate('2025-01-06 10:00:00 -05:00')).toBe('2025-01-06T15:00:00.000Z');
    expect(parseFeedDate('2025-01-06T10:00:00+0330')).toBe('2025-01-06T06:30:00.000Z');
  });

  it('reads Arabic-Indic and Persian digits, and the Arabic comma', () => {
    expect(parseFeedDate('٢٠٢٥-٠١-٠٦T١٠:٠٠:٠٠Z')).toBe('2025-01-06T10:00:00.000Z');
    expect(parseFeedDate('Mon، ٠٦ Jan ٢٠٢٥ ١٠:٠٠:٠٠ GMT')).toBe('2025-01-06T10:00:00.000Z');
    expect(parseFeedDate('۱۴۰۳-۱۰-۱۷')).toBeNull(); // a Solar Hijri year is not a Gregorian one
    expect(parseFeedDate('۲۰۲۵-۰۱-۰۶ ۱۰:۰۰')).toBe('2025-01-06T10:00:00.000Z');
  });

  it('reads month names written in French, Spanish and Arabic', () => {
    expect(parseFeedDate('lun., 06 janv. 2025 10:00:00 +0100')).toBe('2025-01-06T09:00:00.000Z');
    expect(parseFeedDate('mer., 05 févr. 2025 10:00:00 +0100')).toBe('2025-02-05T09:00:00.000Z');
    expect(parseFeedDate('jeu, 14 août 2025 08:00:00 GMT')).toBe('2025-08-14T08:00:00.000Z');
    expect(parseFeedDate('mar, 07 ene 2025 10:00:00 +0100')).toBe('2025-01-07T09:00:00.000Z');
    expect(parseFeedDate('lunes, 3 de marzo de 2025 10:00:00 GMT')).toBe('2025-03-03T10:00:00.000Z');
    expect(parseFeedDate('الاثنين، 06 يناير 2025 10:00:00 GMT')).toBe('2025-01-06T10:00:00.000Z');
    expect(parseFeedDate('الثلاثاء، ٠٧ كانون الثاني ٢٠٢٥ ١٠:٠٠:٠٠ +0300')).toBe('2025-01-07T07:00:00.000Z');
    expect(parseFeedDate('06 آب 2025 10:00 GMT')).toBe('2025-08-06T10:00:00.000Z');
  });

  it('reads the offset of "GMT+2", "+03:00" and JavaScript\'s own "GMT+0300 (Arabia Standard Time)", not UTC', () => {
    expect(parseFeedDate('Mon, 6 Jan 2025 10:00 GMT+2')).toBe('2025-01-06T08:00:00.000Z');
    expect(parseFeedDate('Mon, 06 Jan 2025 10:00:00 UTC-05:30')).toBe('2025-01-06T15:30:00.000Z');
    expect(parseFeedDate('Mon, 06 Jan 2025 10:00:00 +03:00')).toBe('2025-01-06T07:00:00.000Z');
    expect(parseFeedDate('Mon Jan 06 2025 10:00:00 GMT+0300 (Arabia Standard Time)')).toBe('2025-01-06T07:00:00.000Z');
    expect(parseFeedDate('Mon, 06 Jan 2025 10:00:00 +0100 (CET)')).toBe('2025-01-06T09:00:00.000Z');
    expect(parseFeedDate('Mon, 06 Jan 2025 10:00:00 (no zone given)')).toBe('2025-01-06T10:00:00.000Z');
  });

  it('gives null, never a wrong date, for what it cannot read', () => {
    for (const text of ['', 'yesterday', 'Monday the sixth', '32/13/2025', 'Mon, 06 Foo 2025 10:00:00 GMT'])
      expect(parseFeedDate(text), text).toBeNull();
  });

  it('gives null at once for a hostile megabyte of digits (the patterns never run on it)', () => {
    const started = performance.now();
    for (const text of ['1'.repeat(1_000_000), `GMT+${'1'.repeat(1_000_000)}`, '١'.repeat(1_000_000)])
      expect(parseFeedDate(text)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('gives null for a lone number or an unset timestamp (a CMS default), which JavaScript would read as 2000 or 1970', () => {
    for (const text of ['0', '1', '12', '-1', '2025', '1 GMT', '1970-01-01T00:00:00Z', 'Thu, 01 Jan 1970 00:00:00 GMT'])
      expect(parseFeedDate(text), text).toBeNull();
    // A month and year is a date (to the month), and a two-digit RFC 822 year is still read.
    expect(parseFeedDate('Jan 2025')).toBe('2025-01-01T00:00:00.000Z');
    expect(parseFeedDate('Mon, 06 Jan 25 10:00:00 GMT')).toBe('2025-01-06T10:00:00.000Z');
  });
});
