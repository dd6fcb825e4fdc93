import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../packages/complaints/index.ts';

describe('maskPersonalData', () => {
  it.each([
    ['an email address', 'write to jane.doe+shop@example.co.uk today', 'write to [email] today'],
    ['a phone number', 'call me on +44 20 7946 0958 please', 'call me on [phone] please'],
    ['a US phone number', 'ring (555) 123-4567', 'ring [phone]'],
    ['a card number', 'card 4111 1111 1111 1111 was charged', 'card [card] was charged'],
    ['an order number', 'Order #83658 never came', '[ref] never came'],
    ['a ticket number', 'see ticket 4943393', 'see [ref]'],
    ['an IBAN', 'IBAN GB82 WEST 1234 5698 7654 32', 'IBAN [account]'],
  ])('masks %s', (_name, text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it('leaves durations, times, dates and prices readable', () => {
    const text = 'Waited 3 days and 2 hours, at 10:30 on 2026-11-16, for a $2400 plan.';
    expect(maskPersonalData(text)).toBe(text);
  });
});
