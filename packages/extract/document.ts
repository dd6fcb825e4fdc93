// Entry points that take a document as it arrives (bytes or text, with whatever type hints there
// are), decide whether it is HTML, PDF or text, and run the engine in bounded time and memory.

import type { ExtractionNote, ExtractionResult, SourceKind } from '../core/index.ts';
import { type Block, textToBlocks } from './blocks.ts';
import {
  DocumentEncodingError,
  DocumentTooLargeError,
  PdfExtractionError,
  UnsupportedDocumentError,
} from './errors.ts';
import { MAX_NESTING, readHtml } from './html.ts';
import { extractPromises } from './learned.ts';

export type DocumentFormat = 'html' | 'pdf' | 'text';

export interface DocumentInput {
  source: string;
  body: Uint8Array | string;
  contentType?: string;
  fileName?: string;
  charset?: string;
  kind?: SourceKind;
}

export interface ExtractLimits {
  /** Larger documents are refused with DocumentTooLargeError. */
  maxBytes: number;
  /** A block's text is cut here: one runaway paragraph must not stall the batch. */
  maxBlockChars: number;
  /** At most this many blocks are read. */
  maxBlocks: number;
  /** PDF text extraction gives up after this long. */
  pdfTimeoutMs: number;
  /** PDFs with more pages are read up to this page. */
  maxPdfPages: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxBlockChars: 20_000,
  maxBlocks: 20_000,
  pdfTimeoutMs: 20_000,
  maxPdfPages: 200,
};

const bound = (blocks: Block[], limits: ExtractLimits): Block[] =>
  blocks
    .slice(0, limits.maxBlocks)
    .map((b) =>
      b.text.length > limits.maxBlockChars ? { ...b, text: b.text.slice(0, limits.maxBlockChars) } : b,
    );

/** The note a result carries when the document had more blocks than are read. */
const withBlockLimit = (result: ExtractionResult, blocks: number, limits: ExtractLimits): ExtractionResult =>
  blocks <= limits.maxBlocks
    ? result
    : {
        ...result,
        notes: [
          ...(result.notes ?? []),
          {
            kind: 'truncated',
            message: `the document has ${blocks} blocks; only the first ${limits.maxBlocks} were read`,
          },
        ],
      };

/** Extracts the promises of an HTML page. */
export const extractFromHtml = (
  html: string,
  source: string,
  limits: ExtractLimits = DEFAULT_LIMITS,
): ExtractionResult => {
  const { blocks, flattenedDepth } = readHtml(html);
  const result = withBlockLimit(extractPromises(bound(blocks, limits), source), blocks.length, limits);
  if (flattenedDepth === undefined) return result;
  const note: ExtractionNote = {
    kind: 'truncated',
    message: `the page nests ${flattenedDepth} levels deep; markup below level ${MAX_NESTING} was read as plain text`,
  };
  return { ...result, notes: [...(result.notes ?? []), note] };
};

/** Extracts the promises of plain text (lines, bullets, tables as rows of cells). */
export const extractFromText = (
  text: string,
  source: string,
  limits: ExtractLimits = DEFAULT_LIMITS,
): ExtractionResult => {
  const blocks = textToBlocks(text);
  return withBlockLimit(extractPromises(bound(blocks, limits), source), blocks.length, limits);
};

interface PdfModule {
  extractText(
    data: Uint8Array,
    options: { mergePages: false },
  ): Promise<{ totalPages: number; text: string[] }>;
  getDocumentProxy(data: Uint8Array): Promise<unknown>;
}

/** Extracts the promises of a PDF document (its text layer; scanned images carry none). */
export const extractFromPdf = async (
  bytes: Uint8Array,
  source: string,
  limits: ExtractLimits = DEFAULT_LIMITS,
): Promise<ExtractionResult> => {
  if (!startsWith(bytes, PDF_MAGIC))
    throw new PdfExtractionError(source, 'the bytes do not start with %PDF-');
  const unpdf = (await import('unpdf')) as unknown as PdfModule;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PdfExtractionError(source, `gave up after ${limits.pdfTimeoutMs} ms`)),
      limits.pdfTimeoutMs,
    );
  });
  try {
    // pdf.js takes ownership of the buffer it is given, so it gets a copy.
    const result = await Promise.race([
      unpdf.extractText(new Uint8Array(bytes), { mergePages: false }),
      timeout,
    ]);
    const text = result.text.slice(0, limits.maxPdfPages).join('\n');
    return extractFromText(text, source, limits);
  } catch (error) {
    if (error instanceof PdfExtractionError) throw error;
    throw new PdfExtractionError(source, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  } finally {
    if (timer) clearTimeout(timer);
  }
};

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d];
const BINARY_MAGICS: { bytes: number[]; name: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'a ZIP archive (or an Office document)' },
  { bytes: [0x1f, 0x8b], name: 'gzip-compressed data' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], name: 'an executable' },
];

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

/** Binary data has NUL bytes or many control characters in its first kilobytes. */
const looksBinary = (bytes: Uint8Array): boolean => {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.05;
};

const charsetOf = (contentType: string | undefined): string | undefined =>
  /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];

const sniffMetaCharset = (bytes: Uint8Array): string | undefined => {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
};

const bomCharset = (bytes: Uint8Array): string | undefined => {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  return undefined;
};

/** Decodes with the declared charset; an unknown label falls back to UTF-8, then Windows-1252. */
const decode = (bytes: Uint8Array, source: string, declared: string | undefined): string => {
  const labels = [declared, 'utf-8'].filter((l): l is string => Boolean(l));
  for (const label of labels) {
    try {
      return new TextDecoder(label, { fatal: label === 'utf-8' && declared !== 'utf-8' }).decode(bytes);
    } catch (error) {
      if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    }
  }
  try {
    return new TextDecoder('windows-1252').decode(bytes);
  } catch (error) {
    throw new DocumentEncodingError(source, declared ?? 'utf-8', { cause: error });
  }
};

const HTML_START =
  /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|table|ul|section|article|main)\b/i;

/** Decides the format from the content type, the file name, then the bytes themselves. */
export const detectFormat = (input: DocumentInput, head: Uint8Array | string): DocumentFormat => {
  if (typeof head !== 'string' && startsWith(head, PDF_MAGIC)) return 'pdf';
  if (typeof head === 'string' && head.startsWith('%PDF-')) return 'pdf';
  const type = (input.contentType ?? '').toLowerCase();
  if (/html|xhtml/.test(type)) return 'html';
  if (/\/pdf/.test(type)) return 'pdf';
  const name = (input.fileName ?? input.source).toLowerCase().replace(/[?#].*$/, '');
  if (/\.x?html?$/.test(name)) return 'html';
  if (/\.pdf$/.test(name)) return 'pdf';
  if (/text\/plain/.test(type) || /\.(?:txt|text|md)$/.test(name)) return 'text';
  const start =
    typeof head === 'string' ? head.slice(0, 1024) : new TextDecoder('latin1').decode(head.subarray(0, 1024));
  return HTML_START.test(start) ? 'html' : 'text';
};

const CONFIDENCE_BY_KIND: Partial<Record<SourceKind, number>> = { sla: 0.05, marketing: -0.05 };

const adjustForKind = (result: ExtractionResult, kind: SourceKind | undefined): ExtractionResult => {
  const delta = kind ? (CONFIDENCE_BY_KIND[kind] ?? 0) : 0;
  if (delta === 0) return result;
  return {
    ...result,
    promises: result.promises.map((p) => ({
      ...p,
      confidence: Math.round(Math.max(0.1, Math.min(0.99, p.confidence + delta)) * 100) / 100,
    })),
  };
};

/**
 * Extracts the promises of one document, whatever its format. Refuses binary junk and oversized
 * documents with a named error; an empty document yields an empty result.
 */
export const extractDocument = async (
  input: DocumentInput,
  limits: ExtractLimits = DEFAULT_LIMITS,
): Promise<ExtractionResult> => {
  const { source, body } = input;
  const size = typeof body === 'string' ? body.length : body.byteLength;
  if (size > limits.maxBytes) throw new DocumentTooLargeError(source, size, limits.maxBytes);
  if (size === 0 || (typeof body === 'string' && body.trim() === ''))
    return { source, promises: [], claims: [] };
  const format = detectFormat(input, body);
  if (format === 'pdf') {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return adjustForKind(await extractFromPdf(bytes, source, limits), input.kind);
  }
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    const magic = BINARY_MAGICS.find((m) => startsWith(body, m.bytes));
    if (magic) throw new UnsupportedDocumentError(source, `it is ${magic.name}`);
    const bom = bomCharset(body);
    if (!bom && looksBinary(body)) throw new UnsupportedDocumentError(source, 'it holds binary data');
    const declared =
      bom ??
      input.charset ??
      charsetOf(input.contentType) ??
      (format === 'html' ? sniffMetaCharset(body) : undefined);
    text = decode(body, source, declared?.toLowerCase());
  }
  const result =
    format === 'html' ? extractFromHtml(text, source, limits) : extractFromText(text, source, limits);
  return adjustForKind(result, input.kind);
};
