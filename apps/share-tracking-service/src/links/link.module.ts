import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { ClickRecorder } from './click-recorder';
import { LinkCache } from './link-cache';
import { LinkRepository } from './link.repository';
import { RedirectController } from './redirect.controller';
import { RedirectHandler } from './redirect.handler';

@Module({
  controllers: [RedirectController],
  providers: [LinkRepository, LinkCache, ClickRecorder, RedirectHandler],
  exports: [LinkCache],
})
export class LinkModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly redirect: RedirectHandler,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (!adapter) return;
    const app = adapter.getInstance<Express>();
    app.use(this.redirect.middleware);
    console.log('STACK', app.router.stack.map((l: { name: string }) => l.name));
  }
}
