import { describe, expect, it } from 'vitest';
import {
  checkContentType,
  detectCharset,
  parseContentType,
  sniffType,
} from '../../../packages/crawl/content.ts';
import { UnsupportedCharsetError, UnsupportedContentTypeError } from '../../../packages/crawl/index.ts';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const URL_ = 'https://e.com/page';

describe('content type and charset', () => {
  it.each([
    ['text/html; charset="ISO-8859-1"', { type: 'text/html', charset: 'ISO-8859-1' }],
    ['Application/PDF', { type: 'application/pdf', charset: undefined }],
    [undefined, { type: '' }],
  ])('parses the header %s', (header, expected) => {
    expect(parseContentType(header)).toEqual(expected);
  });

  it.each([
    ['a byte-order mark over the header', '\xEF\xBB\xBF<p>x', 'iso-8859-1', 'utf-8'],
    ['the header', '<p>x', 'latin1', 'windows-1252'],
    ['a <meta charset>', '<meta charset="shift_jis"><p>x', undefined, 'shift_jis'],
    [
      'a <meta http-equiv>',
      '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
      undefined,
      'koi8-r',
    ],
    ['nothing', '<p>x', undefined, undefined],
  ])('takes the charset from %s', (_, body, header, expected) => {
    expect(detectCharset(URL_, bytes(body), header, true)).toBe(expected);
  });

  it('refuses an encoding label nobody knows, naming it', () => {
    expect(() => detectCharset(URL_, bytes('<p>x'), 'x-unknown-9', true)).toThrow(UnsupportedCharsetError);
    expect(() => detectCharset(URL_, bytes('<p>x'), 'x-unknown-9', true)).toThrow(/"x-unknown-9"/);
  });

  it.each([
    ['%PDF-1.7\n', 'application/pdf'],
    ['<!DOCTYPE html><html>', 'text/html'],
    ['<?xml version="1.0"?><urlset>', 'application/xml'],
    ['plain words', 'text/plain'],
    ['\x00\x01\x02binary', 'application/octet-stream'],
  ])('sniffs %j as %s', (body, type) => {
    expect(sniffType(bytes(body))).toBe(type);
  });

  it.each([
    ['image/png', '\x89PNG', /unsupported content type "image\/png"/],
    ['application/pdf', '<html>not a pdf', /the body is not a PDF/],
    ['text/html', '\x00\x00\x00\x01', /binary/],
  ])('refuses %s with a body that does not fit', (type, body, message) => {
    expect(() => checkContentType(URL_, type, bytes(body), ['text/html', 'application/pdf'])).toThrow(
      UnsupportedContentTypeError,
    );
    expect(() => checkContentType(URL_, type, bytes(body), ['text/html', 'application/pdf'])).toThrow(
      message,
    );
  });
});
