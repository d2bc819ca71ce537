import { Kafka } from 'kafkajs';
import { BenchEnv } from './env';
import { LagMeter, Publisher } from './kafka';
import { BenchOptions } from './options';

/** What every measurement gets: sizes, where the stack is, and shared Kafka clients. */
export interface BenchContext {
  env: BenchEnv;
  options: BenchOptions;
  kafka: Kafka;
  publisher: Publisher;
  lag: LagMeter;
  /** A tenant id unique to this run, with a suffix per measurement. */
  tenant(suffix: string): string;
  log(message: string): void;
}
