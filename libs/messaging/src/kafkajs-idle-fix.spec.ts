import { applyKafkajsIdleFix } from './kafkajs-idle-fix';

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests: jest.Mock;
  scheduleCheckPendingRequests(): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: Queue };

describe('kafkajs idle fix', () => {
  beforeAll(() => expect(applyKafkajsIdleFix()).toBe(true));
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const queue = (pending: unknown[], throttledUntil: number): Queue =>
    Object.assign(Object.create(RequestQueue.prototype) as Queue, {
      pending,
      throttledUntil,
      throttleCheckTimeoutId: null,
      checkPendingRequests: jest.fn(),
    });

  it('arms no timer when nothing waits and nothing is throttled (the 1 ms loop of 2.2.4)', () => {
    const idle = queue([], -1);
    idle.scheduleCheckPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('checks a waiting request after 10 ms, or when the throttle ends', () => {
    const waiting = queue([{}], -1);
    waiting.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(waiting.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(waiting.checkPendingRequests).toHaveBeenCalledTimes(1);

    const throttled = queue([{}], Date.now() + 500);
    throttled.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(499);
    expect(throttled.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(throttled.checkPendingRequests).toHaveBeenCalledTimes(1);
  });

  it('keeps one timer at a time', () => {
    const waiting = queue([{}], -1);
    waiting.scheduleCheckPendingRequests();
    waiting.scheduleCheckPendingRequests();
    expect(jest.getTimerCount()).toBe(1);
  });
});
