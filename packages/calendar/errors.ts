// Named errors of the business calendar.

export class CalendarConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`invalid business calendar: ${field}: ${problem}`, options);
    this.name = 'CalendarConfigError';
  }
}

export class CalendarRangeError extends Error {
  constructor(
    readonly from: Date,
    readonly to: Date,
    options?: ErrorOptions,
  ) {
    super(
      `cannot measure business time backwards: ${describeInstant(to)} is before ${describeInstant(from)}`,
      options,
    );
    this.name = 'CalendarRangeError';
  }
}

/** A span too long to be a real case (a mistyped year): refused rather than computed for minutes. */
export class CalendarSpanError extends Error {
  constructor(
    readonly from: Date,
    readonly to: Date,
    readonly maxYears: number,
    options?: ErrorOptions,
  ) {
    super(
      `cannot measure business time over more than ${maxYears} years: ${describeInstant(from)} to ${describeInstant(to)} (check the dates' years)`,
      options,
    );
    this.name = 'CalendarSpanError';
  }
}

export class InvalidInstantError extends Error {
  constructor(
    readonly what: string,
    options?: ErrorOptions,
  ) {
    super(`not a valid instant: ${what}`, options);
    this.name = 'InvalidInstantError';
  }
}

const describeInstant = (d: Date): string => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString());
