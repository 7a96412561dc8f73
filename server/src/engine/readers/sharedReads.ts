// One read of a log for every reader that starts together. A hunt's detections run their subsearches
// as they close, all at once; each subsearch reads the log again (join's `[| tstats ... from
// datamodel=Endpoint.Processes ...]`): 57 whole reads of the log, one after another, were half of a
// corpus hunt. Here the readers that ask before a read starts share it, each batch handed to each of
// them in turn, the next batch read when all are done with it (memory: one batch, as for one reader).
// A reader that asks while a read is under way waits for the next read.
import type { LogEvent } from '../event';

export class SharedReads {
  private waiting: Follower[] = [];
  private scheduled = false;
  /** Reads started, and readers served (for the stats). */
  reads = 0;
  readers = 0;

  /** `read`: the log's event batches, read afresh for each call. */
  constructor(
    private readonly read: () => AsyncIterable<LogEvent[]>,
    private readonly signal?: AbortSignal,
  ) {}

  /** The log's events, read together with the other readers that ask before the read starts. */
  events(): AsyncIterable<LogEvent> {
    return { [Symbol.asyncIterator]: () => this.follow() };
  }

  private follow(): AsyncIterator<LogEvent> {
    const follower = new Follower(this.signal);
    this.waiting.push(follower);
    this.readers++;
    if (!this.scheduled) {
      this.scheduled = true;
      // Once every reader now running has come to its read (their promises settle before this runs).
      setImmediate(() => void this.readFor());
    }
    return follower;
  }

  private async readFor(): Promise<void> {
    const followers = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    this.reads++;
    try {
      for await (const batch of this.read()) {
        const following = followers.filter((f) => !f.stopped);
        if (following.length === 0) break;
        for (const follower of following) await follower.offer(batch);
      }
      for (const follower of followers) follower.end();
    } catch (error) {
      for (const follower of followers) follower.fail(error);
    }
  }
}

/** One reader of a shared read: its events one at a time, the read waiting until it has taken the batch. */
class Follower implements AsyncIterator<LogEvent> {
  stopped = false;
  private batch: LogEvent[] = [];
  private at = 0;
  private taken: (() => void) | undefined;
  private waiter: { resolve: (result: IteratorResult<LogEvent>) => void; reject: (error: unknown) => void } | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly signal: AbortSignal | undefined) {}

  /** Resolves when this reader has taken every event of the batch, or stopped. */
  offer(batch: LogEvent[]): Promise<void> {
    if (this.stopped || batch.length === 0) return Promise.resolve();
    this.batch = batch;
    this.at = 0;
    return new Promise((resolve) => {
      this.taken = resolve;
      const waiter = this.waiter;
      if (waiter) {
        this.waiter = undefined;
        waiter.resolve(this.take());
      }
    });
  }

  next(): Promise<IteratorResult<LogEvent>> {
    if (this.at < this.batch.length) return Promise.resolve(this.take());
    this.release();
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<LogEvent>> {
    this.stopped = true;
    this.batch = [];
    this.release();
    return Promise.resolve({ value: undefined, done: true });
  }

  end(): void {
    this.ended = true;
    this.settle();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.settle();
  }

  /** A cancelled run stops reading quietly, as a reader of its own does (LogReader). */
  private take(): IteratorResult<LogEvent> {
    if (this.signal?.aborted) {
      this.stopped = true;
      this.release();
      return { value: undefined, done: true };
    }
    return { value: this.batch[this.at++], done: false };
  }

  private release(): void {
    const taken = this.taken;
    this.taken = undefined;
    taken?.();
  }

  private settle(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    if (this.failure) waiter.reject(this.failure.error);
    else waiter.resolve({ value: undefined, done: true });
  }
}
