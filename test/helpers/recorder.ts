import { COUNTER_COUNT, type Counter, type EventRecord, type Recorder } from '../../src/model/recorder.js';

/** A Recorder that only remembers counters, gauges and events (for model unit tests). */
export class TestRecorder implements Recorder {
  readonly counters = new Float64Array(COUNTER_COUNT);
  readonly events: EventRecord[] = [];
  lastGauge = 0;
  storeOps = 0;
  /** Summed queueing delay of the store operations. */
  storeQueueDelay = 0;
  sessionStarted(): void {}
  sessionEnded(): void {}
  sessionLost(): void {}
  sessionExpired(): void {}
  requestCompleted(): void {}
  requestFailed(): void {}
  storeOperation(_now: number, queueDelay: number): void {
    this.storeOps++;
    this.storeQueueDelay += queueDelay;
  }
  serverAvailability(): void {}
  event(record: EventRecord): void {
    this.events.push(record);
  }
  count(_now: number, counter: Counter, amount: number): void {
    this.counters[counter]! += amount;
  }
  gauge(_now: number, _gauge: number, value: number): void {
    this.lastGauge = value;
  }
}
