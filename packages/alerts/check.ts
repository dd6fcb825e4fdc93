// One alert check: what is detected now against what the ledger remembers. New conditions open an
// episode and go to every channel once; conditions that cleared close theirs. Safe to run twice,
// concurrently or after a crash: the ledger's claims decide who sends.

import type { Logger } from '../core/index.ts';
import type { AlertChannel } from './channels.ts';
import type { AlertCondition, DetectedAlert } from './detect.ts';
import type { AlertEpisode, AlertLedger } from './ledger.ts';
import { alertMessage } from './message.ts';

export interface AlertCheckDeps {
  ledger: AlertLedger;
  channels: AlertChannel[];
  now: () => Date;
  logger: Logger;
  company: string;
  link?: (commitmentId: string) => string | undefined;
  staleClaimMinutes: number;
}

export interface AlertOutcome {
  commitmentId: string;
  condition: AlertCondition;
  channel: string;
  /** An earlier check already told this channel about this episode. */
  alreadySent: boolean;
  /** This check sent it (false on a dry run, or when another check holds the claim). */
  sent: boolean;
  summary: string;
  error?: string;
}

export interface AlertCheckResult {
  /** Every condition detected now, whether or not a channel is configured. */
  conditions: { commitmentId: string; condition: AlertCondition; summary: string }[];
  alerts: AlertOutcome[];
  cleared: { commitmentId: string; condition: AlertCondition; openedAt: string }[];
}

const key = (commitmentId: string, condition: string) => `${commitmentId}\u0000${condition}`;

export const runAlertCheck = async (
  deps: AlertCheckDeps,
  detected: DetectedAlert[],
  options: { send: boolean },
): Promise<AlertCheckResult> => {
  const at = deps.now();
  const staleBefore = new Date(at.getTime() - deps.staleClaimMinutes * 60_000).toISOString();
  const open = new Map(
    (await deps.ledger.listOpenEpisodes()).map((e) => [key(e.commitmentId, e.condition), e]),
  );
  const alerts: AlertOutcome[] = [];
  const seen = new Set<string>();

  for (const alert of detected) {
    const k = key(alert.commitmentId, alert.condition);
    seen.add(k);
    let episode: AlertEpisode | undefined = open.get(k);
    if (!episode && options.send) {
      episode = await deps.ledger.openEpisode({
        commitmentId: alert.commitmentId,
        condition: alert.condition,
        openedAt: at.toISOString(),
        summary: alert.summary,
      });
    }
    const message = alertMessage(alert, deps.company, deps.link);
    for (const channel of deps.channels) {
      const before = episode?.deliveries[channel.name];
      const alreadySent = before?.state === 'sent';
      const outcome: AlertOutcome = {
        commitmentId: alert.commitmentId,
        condition: alert.condition,
        channel: channel.name,
        alreadySent,
        sent: false,
        summary: alert.summary,
      };
      alerts.push(outcome);
      if (alreadySent || !options.send || !episode) continue;
      if (!(await deps.ledger.claimDelivery(episode, channel.name, at.toISOString(), staleBefore))) continue;
      try {
        const { messageId } = await channel.send(message);
        await deps.ledger.recordDelivery(episode, channel.name, {
          state: 'sent',
          at: deps.now().toISOString(),
          ...(messageId ? { messageId } : {}),
        });
        outcome.sent = true;
        deps.logger.info('alert sent', {
          commitmentId: alert.commitmentId,
          condition: alert.condition,
          channel: channel.name,
        });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        outcome.error = text;
        await deps.ledger.recordDelivery(episode, channel.name, {
          state: 'failed',
          at: deps.now().toISOString(),
          error: text,
        });
        deps.logger.warn('alert not delivered', {
          commitmentId: alert.commitmentId,
          channel: channel.name,
          error: text,
        });
      }
    }
  }

  const cleared: AlertCheckResult['cleared'] = [];
  for (const [k, episode] of open) {
    if (seen.has(k)) continue;
    cleared.push({
      commitmentId: episode.commitmentId,
      condition: episode.condition,
      openedAt: episode.openedAt,
    });
    if (options.send) await deps.ledger.closeEpisode(episode, at.toISOString());
  }
  const conditions = detected.map((a) => ({
    commitmentId: a.commitmentId,
    condition: a.condition,
    summary: a.summary,
  }));
  return { conditions, alerts, cleared };
};
