import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RunEventsHub } from '../events/run-events.hub';
import { MetricsRecorder } from './metrics-recorder.service';

/** esy_sse_clients: live event streams open in this API process (read from the events hub at scrape time). */
@Injectable()
export class SseClientsGauge implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRecorder,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    let hub: RunEventsHub | null = null;
    try {
      hub = this.moduleRef.get(RunEventsHub, { strict: false });
    } catch {
      return; // no HTTP streams in this process (a worker)
    }
    this.metrics.gauge('esy_sse_clients', 'Live event streams (SSE) open in this API process.', [], () => [[{}, hub!.listenerCount]]);
  }
}
