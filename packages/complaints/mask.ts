// Masks personal data in complaint quotes before they leave the store: emails, card, phone and reference numbers.

/** Each row: what it hides, the pattern and its replacement. Order matters: emails before numbers. */
export const MASKS: readonly { name: string; example: string; pattern: RegExp; replacement: string }[] = [
  {
    name: 'email address',
    example: 'jane.doe+shop@example.co.uk',
    pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
    replacement: '[email]',
  },
  {
    name: 'bank account (IBAN)',
    example: 'GB82 WEST 1234 5698 7654 32',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    replacement: '[account]',
  },
  {
    name: 'payment card number',
    example: '4111 1111 1111 1111',
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    replacement: '[card]',
  },
  {
    name: 'order, ticket, case or account reference',
    example: 'order #83658, ticket 4943393, ref AB-12345',
    pattern:
      /(?:\b(?:order|ticket|case|ref(?:erence)?|account|acct|invoice|booking|claim|customer|membership|request|tracking|policy)(?:\s+(?:no\.?|number|num|id|#))?\s*[#:]?\s*|#)[A-Z]{0,4}-?\d[\w-]{3,}/gi,
    replacement: '[ref]',
  },
  {
    name: 'phone number',
    example: '+44 20 7946 0958, (555) 123-4567',
    pattern:
      /(?<![\w-])(?!\d{4}-\d{2}-\d{2}\b)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){2,4}\b/g,
    replacement: '[phone]',
  },
];

/** The text with personal data replaced by a label saying what was there ("[email]", "[phone]"). */
export const maskPersonalData = (text: string): string =>
  MASKS.reduce(
    (out, mask) => out.replace(mask.pattern, (match) => maskIfLongEnough(match, mask.replacement)),
    text,
  );

/** Short figures ("2 days", "10:30") are not personal data: only mask runs with at least 7 digits or a ref. */
const maskIfLongEnough = (match: string, replacement: string): string => {
  if (replacement === '[phone]' && (match.match(/\d/g)?.length ?? 0) < 7) return match;
  return replacement;
};
