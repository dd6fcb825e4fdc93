// Named errors of the extractor. Each says which document failed and why, so a batch can report
// the one bad file and go on with the rest.

export class ExtractionError extends Error {
  constructor(
    readonly source: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ExtractionError';
  }
}

/** The bytes are not a document the extractor reads (binary junk, an image, an archive). */
export class UnsupportedDocumentError extends ExtractionError {
  constructor(
    source: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(source, `${source}: not an HTML, PDF or text document: ${reason}`, options);
    this.name = 'UnsupportedDocumentError';
  }
}

/** The document is larger than the extractor is willing to read in one go. */
export class DocumentTooLargeError extends ExtractionError {
  constructor(
    source: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super(source, `${source}: document is ${sizeBytes} bytes, over the ${limitBytes}-byte limit`, options);
    this.name = 'DocumentTooLargeError';
  }
}

/** A PDF that cannot be read: broken, encrypted, or too slow to parse. */
export class PdfExtractionError extends ExtractionError {
  constructor(
    source: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(source, `${source}: cannot read the PDF: ${reason}`, options);
    this.name = 'PdfExtractionError';
  }
}

/** The declared character encoding is unknown and the bytes are not valid UTF-8 either. */
export class DocumentEncodingError extends ExtractionError {
  constructor(
    source: string,
    readonly charset: string,
    options?: ErrorOptions,
  ) {
    super(source, `${source}: cannot decode the document as "${charset}"`, options);
    this.name = 'DocumentEncodingError';
  }
}
