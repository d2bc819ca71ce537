import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { endsProducerSession } from './producer';

const protocol = (type: string, message: string) =>
  new KafkaJSProtocolError({ type, message, code: 0, retriable: false } as never);
const outOfOrder = () =>
  protocol('OUT_OF_ORDER_SEQUENCE_NUMBER', 'The broker received an out of order sequence number');

describe('endsProducerSession', () => {
  it.each([
    ['out of order sequence (broker restarted)', true, outOfOrder()],
    [
      'unknown producer id',
      true,
      protocol(
        'UNKNOWN_PRODUCER_ID',
        'could not locate the producer metadata associated with the producerId',
      ),
    ],
    [
      'fenced epoch',
      true,
      protocol('INVALID_PRODUCER_EPOCH', 'Producer attempted an operation with an old epoch'),
    ],
    ['wrapped by the retrier, message only', true, new KafkaJSNonRetriableError(outOfOrder())],
    [
      'retries exceeded, with a cause',
      true,
      new KafkaJSNumberOfRetriesExceeded(outOfOrder(), { retryCount: 5, retryTime: 3000 }),
    ],
    [
      'not the leader (metadata refresh mends it)',
      false,
      protocol('NOT_LEADER_FOR_PARTITION', 'not the leader'),
    ],
    [
      'broker away',
      false,
      new KafkaJSNonRetriableError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'),
    ],
    [
      'a message too large',
      false,
      protocol('MESSAGE_TOO_LARGE', 'The request included a message larger than allowed'),
    ],
    ['not an error', false, 'OUT_OF_ORDER_SEQUENCE_NUMBER'],
    ['null', false, null],
  ])('%s → %s', (_name, expected, error) => {
    expect(endsProducerSession(error)).toBe(expected);
  });

  it('stops on a cycle', () => {
    const a: { cause?: unknown; message: string } = { message: 'a' };
    a.cause = a;
    expect(endsProducerSession(a)).toBe(false);
  });
});
