import { claimAction, ClaimAction, DueSend, failureAction, FailureAction, SendFailure } from './send.rules';

describe('claimAction', () => {
  it.each<[string, DueSend, ClaimAction]>([
    ['a pending row is sent', { status: 'pending', dataCommitted: false }, 'send'],
    [
      'a lease that ran out before the message data was complete is taken over and sent',
      { status: 'sending', dataCommitted: false },
      'send',
    ],
    [
      'a lease that ran out after the marker may have been delivered: in doubt, not sent',
      { status: 'sending', dataCommitted: true },
      'in-doubt',
    ],
    [
      'a pending row is sent even if a marker were left on it (an admin resend is pending)',
      { status: 'pending', dataCommitted: true },
      'send',
    ],
  ])('%s', (_, row, expected) => {
    expect(claimAction(row)).toBe(expected);
  });
});

describe('failureAction', () => {
  it.each<[string, SendFailure, FailureAction]>([
    [
      'connection refused or lost before the marker: retried',
      { dataCommitted: false, serverAnswered: false },
      'retry',
    ],
    ['refused at MAIL FROM or RCPT TO: retried', { dataCommitted: false, serverAnswered: true }, 'retry'],
    [
      'the server answered 4xx/5xx to the final ".": it did not take the message, retried',
      { dataCommitted: true, serverAnswered: true },
      'retry',
    ],
    [
      'the connection died after the marker without an answer: in doubt',
      { dataCommitted: true, serverAnswered: false },
      'in-doubt',
    ],
  ])('%s', (_, failure, expected) => {
    expect(failureAction(failure)).toBe(expected);
  });
});
