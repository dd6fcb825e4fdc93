// What the alerts remember: one open episode per commitment and condition, and per channel whether
// it was told. An episode closes when its condition clears; the next crossing opens a new one.

import type { AlertCondition } from './detect.ts';

export type DeliveryState = 'sending' | 'sent' | 'failed';

export interface Delivery {
  state: DeliveryState;
  at: string;
  messageId?: string;
  error?: string;
}

export interface AlertEpisode {
  commitmentId: string;
  condition: AlertCondition;
  openedAt: string;
  summary: string;
  deliveries: Record<string, Delivery>;
}

export interface AlertLedger {
  listOpenEpisodes(): Promise<AlertEpisode[]>;
  /** Opens an episode; when one is already open (a concurrent check), returns that one. */
  openEpisode(episode: Omit<AlertEpisode, 'deliveries'>): Promise<AlertEpisode>;
  /**
   * Claims a channel of an open episode before sending: true when this caller may send (never
   * sent, failed before, or claimed before `staleBefore` and never confirmed).
   */
  claimDelivery(episode: AlertEpisode, channel: string, at: string, staleBefore: string): Promise<boolean>;
  recordDelivery(episode: AlertEpisode, channel: string, delivery: Delivery): Promise<void>;
  /** Closes an episode (its condition cleared); the history keeps it. */
  closeEpisode(episode: AlertEpisode, at: string): Promise<void>;
}
