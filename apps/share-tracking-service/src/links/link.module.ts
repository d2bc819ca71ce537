import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
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

  /**
   * Mounts the redirect ahead of express: the click path is the service's hot path. Without an HTTP
   * server (a context without one) the controller's route still answers.
   */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (!adapter || !server) return;
    this.redirect.mount(server, adapter.getInstance<Express>());
  }
}
