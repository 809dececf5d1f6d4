import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MetricsRecorder } from './metrics-recorder.service';

/**
 * Times every HTTP request and labels it with the matched route template (`/api/runs/:id`), never the raw path, so
 * the number of series stays small. Event streams are left out (they last as long as the client stays; see
 * esy_sse_clients); so are requests the client abandoned before an answer.
 */
/** What Express adds to the request once a route matched. */
type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsRecorder) {}

  use(request: RoutedRequest, response: ServerResponse, next: () => void): void {
    const began = performance.now();
    response.once('finish', () => {
      if (String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      const template = request.route?.path;
      // Catch-all routes (the JSON 404) count as unmatched, like paths no route knows.
      const route = typeof template === 'string' && !template.includes('*') ? `${request.baseUrl ?? ''}${template}` : 'unmatched';
      this.metrics.observeHttp(request.method ?? 'GET', route, response.statusCode, (performance.now() - began) / 1000);
    });
    next();
  }
}
