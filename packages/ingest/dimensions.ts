// Dimension names and values come from files and API bodies: they are user input used as keys.
// Names are checked once (letters, digits, _ . -; never a name Object.prototype owns), and the
// objects that hold them have no prototype, so "__proto__" or "constructor" is never special.

export const MAX_DIMENSION_NAME = 50;
export const MAX_DIMENSION_VALUE = 100;
export const MAX_DIMENSIONS = 12;

const NAME = /^[a-z0-9][a-z0-9_.-]*$/;

/** Names that mean something to JavaScript objects: refused, so no reader can trip on them. */
const RESERVED = new Set([
  '__proto__',
  'constructor',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Why `name` (already lower-cased) cannot name a dimension, or null when it can. */
export const dimensionNameProblem = (name: string): string | null => {
  if (name === '') return 'a dimension name is empty';
  if (name.length > MAX_DIMENSION_NAME)
    return `dimension name "${name.slice(0, 60)}…" is over ${MAX_DIMENSION_NAME} characters`;
  if (RESERVED.has(name))
    return `"${name}" cannot be a dimension name (it is reserved); rename the column or map it`;
  if (!NAME.test(name)) return `dimension name "${name}" may hold only letters, digits and _ . -`;
  return null;
};

/** A dimensions object with no prototype: any key is just a key. */
export const emptyDimensions = (): Record<string, string> => Object.create(null) as Record<string, string>;
