// What an alert says: one subject line and a short body, the same facts on every channel, with a
// link to the commitment on the dashboard.

import type { AlertCondition, DetectedAlert } from './detect.ts';

export interface AlertMessage {
  commitmentId: string;
  condition: AlertCondition;
  subject: string;
  text: string;
  link?: string;
}

const HEADLINE: Record<AlertCondition, string> = {
  breached: 'Promise broken',
  fast_burn: 'Promise burning its budget fast',
  slow_burn: 'Promise burning its budget',
  complaints_jump: 'Complaints about a promise jumped',
};

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export const alertMessage = (
  alert: DetectedAlert,
  company: string,
  link?: (commitmentId: string) => string | undefined,
): AlertMessage => {
  const href = link?.(alert.commitmentId);
  const subject = clip(`[promisegap] ${company}: ${HEADLINE[alert.condition]}: "${alert.quote}"`, 100);
  const text = [
    `${HEADLINE[alert.condition]}: "${alert.quote}"`,
    `What: ${alert.summary}.`,
    `Stated on: ${alert.sourceUrl}`,
    href ? `Details: ${href}` : undefined,
    'This alert is sent once until the condition clears.',
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
  return {
    commitmentId: alert.commitmentId,
    condition: alert.condition,
    subject,
    text,
    ...(href ? { link: href } : {}),
  };
};
