// One read of a log for every reader that starts together. A hunt's detections run their subsearches
// as they close, all at once; each subsearch reads the log again (join's `[| tstats ... from
// datamodel=Endpoint.Processes ...]`): 57 whole reads of the log, one after another, were half of a
// corpus hunt. Here the readers that ask before a read starts share it, each batch handed to each of
// them in turn, the next batch read when all are done with it (memory: one batch, as for one reader).
// A reader that asks while a read is under way waits for the next read.
import type { LogEvent } from '../event';

/** What a reader requires of a line: every clause, each met by any one of its literals (fastPath.ts). */
export type LineRequirement = readonly (readonly string[])[];

/** Which of several readers' requirements a line meets, in one scan (the hunt's EventRouter). */
export interface LineRouter {
  /** The readers with no requirement: every line. */
  readonly unfiltered: readonly number[];
  /** The readers with a requirement `raw` meets. */
  route(raw: string): readonly number[];
}

/**
 * Which of several readers' gates an event passes (the hunt's SharedGates): a gate several readers
 * share (an event in Endpoint.Processes, sourcetype=X) is tested once per event, not once by each.
 */
export interface ReaderGates {
  /** The event the next `passes` calls are about. */
  nextEvent(event: LogEvent): void;
  passes(reader: number): boolean;
}

/** `Gate`: what a reader requires of an event, as the owner's `gatesFor` reads it (opaque here). */
export class SharedReads<Gate = unknown> {
  private waiting: Follower<Gate>[] = [];
  private scheduled = false;
  /** Reads started, and readers served (for the stats). */
  reads = 0;
  readers = 0;

  private readonly signal: AbortSignal | undefined;
  private readonly routerFor: ((requirements: readonly LineRequirement[]) => LineRouter) | undefined;
  private readonly gatesFor: ((perReader: readonly (readonly Gate[])[]) => ReaderGates) | undefined;
  private readonly afterBatch: (() => void) | undefined;

  /**
   * `read`: the log's events, read afresh for each call. `routerFor`: with it, a reader that
   * names its requirement is handed only the events that meet it (a hunt's subsearches re-reading
   * the log each tested every event with a regex of its own). `gatesFor`: with it, a reader that
   * names gates is handed only the events that pass them (a hunt's subsearches over a data model
   * each took every event of the log to find its dataset's). `afterBatch`: when every reader has
   * taken a batch (a re-read of a large log is long work too: its owner reports its progress).
   */
  constructor(
    private readonly read: () => AsyncIterable<LogEvent[]>,
    options: {
      signal?: AbortSignal;
      routerFor?: (requirements: readonly LineRequirement[]) => LineRouter;
      gatesFor?: (perReader: readonly (readonly Gate[])[]) => ReaderGates;
      afterBatch?: () => void;
    } = {},
  ) {
    this.signal = options.signal;
    this.routerFor = options.routerFor;
    this.gatesFor = options.gatesFor;
    this.afterBatch = options.afterBatch;
  }

  /**
   * The log's events, read together with the other readers that ask before the read starts; with a
   * requirement or gates, at least those that meet them (the reader still tests each event it is given).
   */
  events(requirement: LineRequirement = [], gates: readonly Gate[] = []): AsyncIterable<LogEvent> & { batches(): AsyncIterable<LogEvent[]> } {
    return {
      [Symbol.asyncIterator]: () => this.follow(requirement, gates, false) as AsyncIterator<LogEvent>,
      // A batch at a time (engine/eval/pipeline.ts inBatches): no promise per event.
      batches: () => ({ [Symbol.asyncIterator]: () => this.follow(requirement, gates, true) as AsyncIterator<LogEvent[]> }),
    };
  }

  private follow(requirement: LineRequirement, gates: readonly Gate[], inBatches: boolean): Follower<Gate> {
    const follower = new Follower(this.signal, requirement, gates, inBatches);
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
    const router = this.routerFor && followers.some((f) => f.requirement.length > 0) ? this.routerFor(followers.map((f) => f.requirement)) : undefined;
    const gates = this.gatesFor && followers.some((f) => f.gates.length > 0) ? this.gatesFor(followers.map((f) => f.gates)) : undefined;
    const plan = router || gates ? sharingPlan(followers, router, gates) : undefined;
    try {
      for await (const batch of this.read()) {
        if (followers.every((f) => f.stopped)) break;
        const shares = plan ? shareOut(batch, plan) : undefined;
        for (const [i, follower] of followers.entries()) if (!follower.stopped) await follower.offer(shares ? shares[i] : batch);
        this.afterBatch?.();
      }
      for (const follower of followers) follower.end();
    } catch (error) {
      for (const follower of followers) follower.fail(error);
    }
  }
}

/** How a read's batches are shared out: worked out once per read, used for each batch. */
interface SharingPlan {
  readers: number;
  router: LineRouter | undefined;
  gates: ReaderGates | undefined;
  /** Per reader: whether it names gates (and so is given only the events that pass them). */
  gated: boolean[];
  /** Readers with neither a requirement nor a gate: each takes the batch as it is. */
  everyEvent: number[];
  /** Readers with gates but no requirement: every event that passes their gates. */
  gatedOnly: number[];
}

function sharingPlan<Gate>(followers: readonly Follower<Gate>[], router: LineRouter | undefined, gates: ReaderGates | undefined): SharingPlan {
  const gated = followers.map((f) => gates !== undefined && f.gates.length > 0);
  const everyLine = router ? router.unfiltered : followers.map((_, reader) => reader);
  return {
    readers: followers.length,
    router,
    gates,
    gated,
    everyEvent: everyLine.filter((reader) => !gated[reader]),
    gatedOnly: everyLine.filter((reader) => gated[reader]),
  };
}

/** Each reader's share of a batch, in the batch's order: the events the router gives it that pass its gates. */
function shareOut(batch: LogEvent[], { readers, router, gates, gated, everyEvent, gatedOnly }: SharingPlan): LogEvent[][] {
  const shares: LogEvent[][] = Array.from({ length: readers }, () => []);
  for (const event of batch) {
    if (gates) gates.nextEvent(event);
    if (router) for (const reader of router.route(event.raw)) if (!gated[reader] || gates!.passes(reader)) shares[reader].push(event);
    for (const reader of gatedOnly) if (gates!.passes(reader)) shares[reader].push(event);
  }
  for (const reader of everyEvent) shares[reader] = batch;
  return shares;
}

/**
 * One reader of a shared read: its events one at a time (or the batch at once, `inBatches`), the
 * read waiting until it has taken the batch.
 */
class Follower<Gate> implements AsyncIterator<LogEvent | LogEvent[]> {
  stopped = false;
  private batch: LogEvent[] = [];
  private at = 0;
  private taken: (() => void) | undefined;
  private waiter: { resolve: (result: IteratorResult<LogEvent | LogEvent[]>) => void; reject: (error: unknown) => void } | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly signal: AbortSignal | undefined,
    readonly requirement: LineRequirement,
    readonly gates: readonly Gate[],
    private readonly inBatches: boolean,
  ) {}

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

  next(): Promise<IteratorResult<LogEvent | LogEvent[]>> {
    if (this.at < this.batch.length) return Promise.resolve(this.take());
    this.release();
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<LogEvent | LogEvent[]>> {
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
  private take(): IteratorResult<LogEvent | LogEvent[]> {
    if (this.signal?.aborted) {
      this.stopped = true;
      this.release();
      return { value: undefined, done: true };
    }
    if (!this.inBatches) return { value: this.batch[this.at++], done: false };
    const rest = this.at === 0 ? this.batch : this.batch.slice(this.at);
    this.at = this.batch.length;
    return { value: rest, done: false };
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
