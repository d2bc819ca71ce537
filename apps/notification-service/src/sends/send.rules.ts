/**
 * What may be sent again. SMTP is the two generals' problem: after the client writes the final "."
 * only the server's answer says whether it took the message, and a client that dies (or loses the
 * connection) before that answer cannot know. So the worker commits a marker (`data_committed_at`)
 * just before the "." and these rules draw the line there: everything before the marker is resent
 * (nothing can have been delivered), everything after it without a definite answer is `in-doubt` and
 * never resent by itself — at most once in that window, exactly once everywhere else.
 */

/** A due row as a claim finds it: `sending` means a worker's lease on it ran out. */
export interface DueSend {
  status: 'pending' | 'sending';
  /** The marker: the message data was handed over and only its final "." (or the answer) remained. */
  dataCommitted: boolean;
}

export type ClaimAction = 'send' | 'in-doubt';

export function claimAction(row: DueSend): ClaimAction {
  // A pending row never carries the marker (a retry clears it); checking the status too keeps an
  // admin's resend, which is pending by definition, a send.
  return row.status === 'sending' && row.dataCommitted ? 'in-doubt' : 'send';
}

/** A send that failed in the worker itself (the process lives): retry it, or is it in doubt? */
export interface SendFailure {
  dataCommitted: boolean;
  /** The server answered with a reply code (a refusal is definite: the message was not taken). */
  serverAnswered: boolean;
}

export type FailureAction = 'retry' | 'in-doubt';

export function failureAction(failure: SendFailure): FailureAction {
  return failure.dataCommitted && !failure.serverAnswered ? 'in-doubt' : 'retry';
}
