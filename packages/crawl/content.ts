// What a response holds: its media type (from the header, checked against the bytes) and its
// character encoding (byte-order mark, then header, then <meta>, as browsers do).

import { UnsupportedCharsetError, UnsupportedContentTypeError } from './errors.ts';

export const HTML_TYPES = ['text/html', 'application/xhtml+xml'] as const;
export const DOCUMENT_TYPES = [...HTML_TYPES, 'application/pdf', 'text/plain'] as const;
export const SITEMAP_TYPES = [
  'application/xml',
  'text/xml',
  'application/rss+xml',
  'application/atom+xml',
  'application/gzip',
  'application/x-gzip',
  'application/octet-stream',
  'text/plain',
] as const;
export const ROBOTS_TYPES = ['text/plain'] as const;

export interface MediaType {
  type: string;
  charset?: string;
}

export const parseContentType = (header: string | undefined): MediaType => {
  if (!header) return { type: '' };
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() === 'charset')
      charset = p
        .slice(eq + 1)
        .trim()
        .replace(/^["']|["']$/g, '');
  }
  return { type: type.trim().toLowerCase(), charset: charset || undefined };
};

export const isHtmlType = (type: string): boolean => (HTML_TYPES as readonly string[]).includes(type);

const startsWith = (body: Uint8Array, prefix: readonly number[]): boolean =>
  prefix.every((b, i) => body[i] === b);

export const GZIP_MAGIC = [0x1f, 0x8b];

export const looksLikePdf = (body: Uint8Array): boolean => {
  // A PDF may have a few junk bytes before its header; the spec allows the first 1024.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
};
export const isGzip = (body: Uint8Array): boolean => startsWith(body, GZIP_MAGIC);

/** Control bytes no text document holds (NUL and friends): the body is binary, whatever it claims. */
export const looksBinary = (body: Uint8Array, charset?: string): boolean => {
  if (charset && /^utf-16/i.test(charset)) return false;
  if (startsWith(body, [0xfe, 0xff]) || startsWith(body, [0xff, 0xfe])) return false;
  const n = Math.min(body.byteLength, 1024);
  for (let i = 0; i < n; i++) {
    const b = body[i] ?? 0;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) return true;
  }
  return false;
};

/** Guesses a media type from the first bytes, for responses that name none. */
export const sniffType = (body: Uint8Array): string => {
  if (looksLikePdf(body)) return 'application/pdf';
  if (isGzip(body)) return 'application/gzip';
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 512))
    .toString('latin1')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<?xml')) return head.includes('<html') ? 'application/xhtml+xml' : 'application/xml';
  if (/^(<!doctype html|<html|<head|<body|<!--|<p\b|<div\b|<meta\b|<title\b)/.test(head)) return 'text/html';
  return looksBinary(body) ? 'application/octet-stream' : 'text/plain';
};

/**
 * Checks the declared type against what the crawler accepts and against the bytes (a "PDF" that
 * is not one, an HTML page that is binary), and returns the type to record.
 */
export const checkContentType = (
  url: string,
  declared: string,
  body: Uint8Array,
  accepted: readonly string[],
  charset?: string,
): string => {
  const type = declared || sniffType(body);
  if (!accepted.includes(type)) {
    throw new UnsupportedContentTypeError(
      url,
      type,
      accepted,
      declared ? undefined : 'sniffed from the body',
    );
  }
  if (type === 'application/pdf' && !looksLikePdf(body)) {
    throw new UnsupportedContentTypeError(url, type, accepted, 'the body is not a PDF');
  }
  if ((isHtmlType(type) || type === 'text/plain') && looksBinary(body, charset)) {
    throw new UnsupportedContentTypeError(url, type, accepted, 'the body is binary, not text');
  }
  return type;
};

const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i;

/** A canonical encoding name for a label ("latin1" → "windows-1252"), or undefined if unknown. */
export const canonicalCharset = (label: string): string | undefined => {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
};

/**
 * The character encoding of a text body: byte-order mark, then the header, then a <meta> in the
 * first 1024 bytes of HTML. An encoding label nobody knows is an error, not a silent guess.
 */
export const detectCharset = (
  url: string,
  body: Uint8Array,
  headerCharset: string | undefined,
  html: boolean,
): string | undefined => {
  if (startsWith(body, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(body, [0xfe, 0xff])) return 'utf-16be';
  if (startsWith(body, [0xff, 0xfe])) return 'utf-16le';
  let label = headerCharset;
  if (!label && html) {
    const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 1024)).toString(
      'latin1',
    );
    label = META_CHARSET.exec(head)?.[1];
  }
  if (!label) return undefined;
  const canonical = canonicalCharset(label);
  if (!canonical) throw new UnsupportedCharsetError(url, label);
  // A page that says UTF-16 in a <meta> was necessarily read as ASCII: the label is wrong.
  return canonical.startsWith('utf-16') && !headerCharset ? 'utf-8' : canonical;
};

/** Decodes a text body with its charset (UTF-8 when none is known), replacing broken sequences. */
export const decodeText = (body: Uint8Array, charset?: string): string =>
  new TextDecoder(charset ?? 'utf-8').decode(body);
