/** Sizes of one run. Every one can be set on the command line: `--board-members=200000`. */
export interface BenchOptions {
  quick: boolean;
  kafkaOutage: boolean;
  only: string[] | null;
  employees: number;
  teams: number;
  pipelineRates: number[];
  pipelineStepSeconds: number;
  probesPerSecond: number;
  boardMembers: number;
  /** points.awarded sent through Kafka to measure the leaderboard consumer's own rate. */
  fillKafkaEvents: number;
  /** How long the leaderboard may take to consume the fill before we measure what is there. */
  fillTimeoutSeconds: number;
  httpConnections: number;
  httpSeconds: number;
  redisRequests: number;
  pgSeconds: number;
  pgClients: number;
  redirectConnections: number;
  redirectSeconds: number;
  sseConnections: number[];
  sseUpdates: number;
}

const FULL: BenchOptions = {
  quick: false,
  kafkaOutage: false,
  only: null,
  employees: 10_000,
  teams: 50,
  pipelineRates: [500, 1000, 2000, 5000, 0],
  pipelineStepSeconds: 15,
  probesPerSecond: 10,
  boardMembers: 1_000_000,
  fillKafkaEvents: 20_000,
  fillTimeoutSeconds: 240,
  httpConnections: 50,
  httpSeconds: 10,
  redisRequests: 200_000,
  pgSeconds: 10,
  pgClients: 8,
  redirectConnections: 100,
  redirectSeconds: 10,
  sseConnections: [1000, 5000, 10_000],
  sseUpdates: 8,
};

const QUICK: BenchOptions = {
  ...FULL,
  quick: true,
  employees: 2000,
  teams: 20,
  pipelineRates: [500, 1000, 0],
  pipelineStepSeconds: 3,
  probesPerSecond: 10,
  boardMembers: 100_000,
  fillKafkaEvents: 5000,
  fillTimeoutSeconds: 15,
  httpSeconds: 2,
  redisRequests: 50_000,
  pgSeconds: 2,
  redirectSeconds: 3,
  sseConnections: [500],
  sseUpdates: 3,
};

const numberList = (value: string): number[] =>
  value.split(',').map((part) => (part === 'max' ? 0 : Number(part)));

/** `--quick`, `--kafka-outage`, `--only=boards,pipeline`, and `--<size>=<value>` for every size. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...(argv.includes('--quick') ? QUICK : FULL) };
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}`);
    const [, flag, value] = match;
    const key = flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()) as keyof BenchOptions;
    if (flag === 'quick') continue;
    if (flag === 'kafka-outage' || flag === 'no-kafka-outage') {
      options.kafkaOutage = flag === 'kafka-outage';
    } else if (flag === 'only' && value) {
      options.only = value.split(',');
    } else if ((key === 'pipelineRates' || key === 'sseConnections') && value) {
      options[key] = numberList(value);
    } else if (
      key in options &&
      typeof options[key] === 'number' &&
      value &&
      Number.isFinite(Number(value))
    ) {
      (options as unknown as Record<string, number>)[key] = Number(value);
    } else {
      throw new Error(`unknown or malformed option ${arg}`);
    }
  }
  return options;
}
