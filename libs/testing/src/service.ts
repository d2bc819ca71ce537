import { INestApplication } from '@nestjs/common';

export interface StartedService {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

export type AppFactory<O> = (
  env: NodeJS.ProcessEnv,
  overrides?: O,
) => Promise<{ app: INestApplication; host: string }>;

/** Boots a service in this process on an ephemeral port, its consumers on this test's topics. */
export async function startService<O>(
  createApp: AppFactory<O>,
  env: NodeJS.ProcessEnv,
  overrides?: O,
): Promise<StartedService> {
  const { app } = await createApp({ ...env, PORT: '0' }, overrides);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    close: () => app.close(),
  };
}
