import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RunStreamService } from '../events/run-stream.service';
import { MetricsRecorder } from './metrics-recorder.service';

/** esy_sse_clients: live event streams open to clients in this API process (read from the stream service at scrape time). */
@Injectable()
export class SseClientsGauge implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRecorder,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    let streams: RunStreamService | null = null;
    try {
      streams = this.moduleRef.get(RunStreamService, { strict: false });
    } catch {
      return; // no HTTP streams in this process (a worker)
    }
    this.metrics.gauge('esy_sse_clients', 'Live event streams (SSE) open in this API process.', [], () => [[{}, streams!.openStreams]]);
  }
}
