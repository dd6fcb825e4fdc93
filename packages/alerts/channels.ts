// Where alerts go: email through SES, Slack-compatible incoming webhooks, an SNS topic. Each
// channel sends one message and says what happened; it never retries by itself (the ledger does).

import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { AlertDeliveryError } from './errors.ts';
import type { AlertMessage } from './message.ts';

export interface AlertChannel {
  /** Stable name: the ledger remembers deliveries by it ("email", "webhook:hooks.example.com", "sns"). */
  readonly name: string;
  send(message: AlertMessage): Promise<{ messageId?: string }>;
}

export const emailChannel = (deps: { ses: SESClient; from: string; recipients: string[] }): AlertChannel => ({
  name: 'email',
  async send(message) {
    const out = await deps.ses.send(
      new SendEmailCommand({
        Source: deps.from,
        Destination: { ToAddresses: deps.recipients },
        Message: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
        },
      }),
    );
    return out.MessageId ? { messageId: out.MessageId } : {};
  },
});

/** A Slack-compatible incoming webhook: a JSON body with `text` (Mattermost, Teams' Slack mode, Chat). */
export const webhookChannel = (deps: {
  url: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}): AlertChannel => {
  let host: string;
  try {
    host = new URL(deps.url).host;
  } catch (error) {
    throw new AlertDeliveryError('webhook', `not a URL: ${deps.url}`, { cause: error });
  }
  const name = `webhook:${host}`;
  return {
    name,
    async send(message) {
      const body = JSON.stringify({
        text: `*${message.subject}*\n${message.text}`,
        ...(message.link ? { unfurl_links: false } : {}),
      });
      let response: Response;
      try {
        response = await deps.fetch(deps.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new AlertDeliveryError(name, `request failed: ${(error as Error).message}`, { cause: error });
      }
      if (!response.ok) throw new AlertDeliveryError(name, `answered HTTP ${response.status}`);
      await response.body?.cancel();
      return {};
    },
  };
};

export const snsChannel = (deps: { sns: SNSClient; topicArn: string }): AlertChannel => ({
  name: 'sns',
  async send(message) {
    const out = await deps.sns.send(
      new PublishCommand({
        TopicArn: deps.topicArn,
        Subject: message.subject.replace(/[^\x20-\x7e]/g, '?').slice(0, 100),
        Message: message.text,
        MessageAttributes: {
          condition: { DataType: 'String', StringValue: message.condition },
          commitmentId: { DataType: 'String', StringValue: message.commitmentId },
        },
      }),
    );
    return out.MessageId ? { messageId: out.MessageId } : {};
  },
});
