// Errors of the survey package: a file that cannot be read as a survey export at all.

export class SurveyFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'SurveyFileError';
  }
}
