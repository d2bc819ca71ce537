import {
  ArgumentsHost,
  BeforeApplicationShutdown,
  Catch,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  INestApplication,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
  RpcExceptionFilter,
} from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { Admin, Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { HealthRegistry, METRICS_REGISTRY, ROOT_LOGGER, RootLogger } from '@advocacy/platform';
import { createKafka, KAFKA_SETTINGS, KafkaSettings } from './kafka';
import { Inbox, InboxPruner, MESSAGING_OPTIONS, MessagingOptions, OutboxRelay, OutboxWriter } from './outbox';
import { EventProducer, KAFKA } from './producer';
import { MESSAGING_SERVICE, MessagingTracing } from './tracing';
import { KafkaBatchTransport } from './transport';

@Injectable()
class MessagingLifecycle
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private admin?: Admin;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
    private readonly pruner: InboxPruner,
    private readonly producer: EventProducer,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit() {
    this.health.register('kafka', async () => {
      if (!this.admin) {
        const admin = this.kafka.admin();
        await admin.connect();
        this.admin = admin;
      }
      await this.admin.describeCluster();
    });
  }

  onApplicationBootstrap() {
    this.relay.start();
    this.pruner.start();
  }

  async beforeApplicationShutdown() {
    await this.relay.stop();
    await this.pruner.stop();
  }

  async onApplicationShutdown() {
    await this.producer.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}

export interface MessagingModuleOptions extends MessagingOptions {
  kafka: KafkaSettings;
}

/** Kafka wiring for a service: producer, outbox writer and relay, inbox, and the batch transport. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KAFKA_SETTINGS, useValue: options.kafka },
        {
          provide: KAFKA,
          inject: [ROOT_LOGGER],
          useFactory: (logger: RootLogger) => createKafka(options.kafka, logger),
        },
        { provide: MESSAGING_SERVICE, useValue: options.service },
        MessagingTracing,
        EventProducer,
        OutboxWriter,
        OutboxRelay,
        Inbox,
        InboxPruner,
        {
          provide: KafkaBatchTransport,
          inject: [KAFKA, EventProducer, METRICS_REGISTRY, MessagingTracing],
          useFactory: (
            kafka: Kafka,
            producer: EventProducer,
            registry: Registry,
            tracing: MessagingTracing,
          ) =>
            new KafkaBatchTransport(
              kafka,
              producer,
              {
                service: options.service,
                topicPrefix: options.kafka.topicPrefix,
                concurrency: options.consumerConcurrency ?? 64,
                maxWaitTimeMs: options.fetchMaxWaitMs,
                lingerMs: options.consumerLingerMs,
              },
              registry,
              tracing,
            ),
        },
        MessagingLifecycle,
      ],
      exports: [
        MESSAGING_OPTIONS,
        KAFKA,
        KAFKA_SETTINGS,
        EventProducer,
        OutboxWriter,
        OutboxRelay,
        Inbox,
        InboxPruner,
        KafkaBatchTransport,
      ],
    };
  }
}

/**
 * Attaches the batch consumer to a hybrid app and starts it (unless consumers are disabled), and one
 * more consumer per group the handlers declare (`inGroup`), each with only its group's handlers.
 */
export async function startConsumers(app: INestApplication): Promise<void> {
  const options = app.get<MessagingOptions>(MESSAGING_OPTIONS);
  if (options.consumersEnabled === false) return;
  const main = app.get(KafkaBatchTransport);
  connect(app, main);
  for (const { group, lingerMs } of main.declaredGroups()) connect(app, main.forGroup(group, lingerMs));
  await app.startAllMicroservices();
}

/**
 * Deferred so that the filter is in place before Nest builds the handlers' exception zones (it reads
 * global filters once, at registerListeners); then the same steps Nest takes itself. Every
 * transport is given every handler; each takes its group's.
 */
function connect(app: INestApplication, transport: KafkaBatchTransport): void {
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: transport },
    { deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new HandlerErrorPassThrough());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
}

/**
 * Nest's default RPC filter turns every handler error into `{ status: 'error', message: 'Internal
 * server error' }`. The batch transport needs the error itself: whether it is transient (a database
 * restart: wait) or not (a poison message: DLQ), and its message for the DLQ reason.
 */
@Catch()
export class HandlerErrorPassThrough implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
