import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { MetricsRecorder } from './metrics-recorder.service';

/**
 * `GET /metrics` on a port of its own (METRICS_PORT), in the API and in every worker: the metrics never share the
 * public API port, so the reverse proxy cannot expose them by accident, and workers (which serve no HTTP) can be
 * scraped too. With METRICS_TOKEN set, scrapes need `Authorization: Bearer <token>`.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | null = null;

  constructor(
    private readonly metrics: MetricsRecorder,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metrics.port;
    if (port === null) return;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.http.host, () => resolve());
    });
    server.unref(); // never what keeps the process alive
    this.server = server;
    this.logger.log(`Prometheus metrics on http://${this.config.http.host}:${port}/metrics${this.config.metrics.token ? ' (bearer token required)' : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    if (!this.authorized(request.headers.authorization)) {
      response.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('Unauthorized\n');
      return;
    }
    try {
      const { contentType, body } = await this.metrics.render();
      response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body);
    } catch (error) {
      this.logger.error(`Metrics not rendered: ${(error as Error).message}`);
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end('Metrics unavailable\n');
    }
  }

  private authorized(header: string | undefined): boolean {
    const token = this.config.metrics.token;
    if (!token) return true;
    const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
