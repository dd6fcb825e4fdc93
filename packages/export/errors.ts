// Named errors of the export package: what could not be exported, and why.

export class ExportInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ExportInputError';
  }
}
