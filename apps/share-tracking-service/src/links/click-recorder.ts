import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AnyNewEvent, OutboxWriter } from '@advocacy/messaging';
import { APP_CONFIG, counter, gauge, IdGenerator, METRICS_REGISTRY } from '@advocacy/platform';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ShareTrackingConfig } from '../config';
import { burstsOf, ClickCandidate, judgeClicks } from './click.rules';
import { ClickRow, LinkRepository, LinkTarget } from './link.repository';

export interface PendingClick extends ClickCandidate {
  clickId: string;
  target: LinkTarget;
}

/** Beyond this many unflushed clicks (the database is down for long) the oldest are dropped, counted. */
const MAX_BUFFERED = 100_000;
const BURST_WINDOW_MS = 60_000;

/**
 * Records clicks off the request path: the redirect only appends to an in-memory buffer, which is
 * flushed every CLICK_FLUSH_MS (or at CLICK_FLUSH_MAX clicks) in one transaction holding the click
 * rows, their unique claims and their `link.clicked` outbox rows. Kafka is never on this path; a
 * failed flush keeps the clicks for the next one, and shutdown flushes what is left.
 *
 * A burst is only recognised when a visitor's clicks pass the cap, after its first click counted as
 * unique; the same transaction flags that click and emits `link.click-flagged`, which scoring reverses.
 */
@Injectable()
export class ClickRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ClickRecorder');
  private buffer: PendingClick[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private readonly recorded: Counter<string>;
  private readonly dropped: Counter<string>;
  private readonly buffered: Gauge<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly links: LinkRepository,
    private readonly outbox: OutboxWriter,
    private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: ShareTrackingConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.recorded = counter(registry, 'clicks_recorded_total', 'Clicks written with their events', ['kind']);
    this.dropped = counter(registry, 'clicks_dropped_total', 'Clicks dropped because the buffer was full');
    this.buffered = gauge(registry, 'click_buffer_size', 'Clicks waiting to be written');
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.config.CLICK_FLUSH_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    for (let attempt = 0; attempt < 5 && (this.buffer.length > 0 || this.flushing); attempt += 1) {
      await this.flush();
    }
    if (this.buffer.length > 0)
      this.logger.error(`${this.buffer.length} click(s) could not be written at shutdown`);
  }

  record(click: Omit<PendingClick, 'clickId'>): void {
    this.buffer.push({ ...click, clickId: this.ids.next() });
    if (this.buffer.length > MAX_BUFFERED) {
      const excess = this.buffer.length - MAX_BUFFERED;
      this.buffer.splice(0, excess);
      this.dropped.inc(excess);
    }
    if (this.buffer.length >= this.config.CLICK_FLUSH_MAX) void this.flush();
  }

  /** Writes the buffered clicks; concurrent callers share one flush at a time. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.buffered.set(this.buffer.length);
    if (this.buffer.length === 0) return;
    this.flushing = (async () => {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.config.CLICK_FLUSH_MAX);
        try {
          await this.write(batch);
        } catch (error) {
          this.buffer.unshift(...batch);
          this.logger.warn(`writing ${batch.length} click(s) failed, will retry: ${String(error)}`);
          break;
        } finally {
          this.buffered.set(this.buffer.length);
        }
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async write(batch: PendingClick[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      let earliest = Infinity;
      for (const click of batch) earliest = Math.min(earliest, click.clickedAt.getTime());
      const recent = await this.links.recentClicks(
        manager,
        batch,
        new Date(earliest - BURST_WINDOW_MS),
        this.config.CLICK_BURST_CAP,
      );
      const verdicts = judgeClicks(batch, recent, this.config.CLICK_BURST_CAP);
      const claimed = await this.links.claimUniques(
        manager,
        batch.filter((_, index) => verdicts[index].uniqueCandidate),
      );
      const rows: ClickRow[] = batch.map((click, index) => {
        const key = `${click.shareId}|${click.day}|${click.visitorHash}`;
        // Only the first click of the batch takes a claimed key.
        const unique = verdicts[index].uniqueCandidate && claimed.delete(key);
        return {
          clickId: click.clickId,
          tenantId: click.target.tenantId,
          shareId: click.shareId,
          visitorHash: click.visitorHash,
          day: click.day,
          clickedAt: click.clickedAt,
          human: click.human,
          own: click.own,
          capped: verdicts[index].capped,
          unique,
        };
      });
      await this.links.insertClicks(manager, rows);
      await this.outbox.addMany(
        manager,
        rows.map((row, index) => this.clicked(row, batch[index].target)),
      );
      const flagged = await this.links.flagCountedInBursts(manager, burstsOf(batch, verdicts));
      if (flagged.length === 0) return;
      const targets = new Map(batch.map((click) => [click.shareId, click.target]));
      await this.outbox.addMany(
        manager,
        flagged.map((click) => this.flaggedEvent(click, targets.get(click.shareId)!)),
      );
    });
    for (const click of batch) this.recorded.inc({ kind: click.human ? 'human' : 'bot' });
  }

  private flaggedEvent(click: { clickId: string; flaggedAt: Date }, target: LinkTarget): AnyNewEvent {
    return {
      type: 'link.click-flagged',
      tenantId: target.tenantId,
      subject: target.employeeId,
      occurredAt: click.flaggedAt,
      payload: {
        clickId: click.clickId,
        shareId: target.shareId,
        employeeId: target.employeeId,
        reason: `burst: more than ${this.config.CLICK_BURST_CAP} clicks from one visitor within a minute`,
      },
    };
  }

  private clicked(row: ClickRow, target: LinkTarget): AnyNewEvent {
    return {
      type: 'link.clicked',
      tenantId: target.tenantId,
      subject: target.employeeId,
      occurredAt: row.clickedAt,
      payload: {
        clickId: row.clickId,
        shareId: target.shareId,
        employeeId: target.employeeId,
        teamId: target.teamId,
        contentId: target.contentId,
        campaignId: target.campaignId,
        network: target.network,
        unique: row.unique,
        human: row.human,
        own: row.own,
        capped: row.capped,
      },
    };
  }
}
