import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { OpenResponses } from './open-responses';

/**
 * On SIGTERM the HTTP server stops accepting connections and waits for open requests; event streams would keep it
 * waiting forever. Before the server closes, every open stream is ended cleanly (a last comment line, then the end
 * of the response): EventSource clients reconnect after their retry delay — through the proxy, to another API
 * instance — with Last-Event-ID, so they miss nothing.
 */
@Injectable()
export class EventStreamCloser implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(private readonly responses: OpenResponses) {}

  beforeApplicationShutdown(signal?: string): void {
    const streams = this.responses.eventStreams();
    for (const response of streams) {
      if (response.writableEnded) continue;
      response.write(': server shutting down, reconnect\n\n');
      response.end();
    }
    if (streams.length > 0) this.logger.log(`Closed ${streams.length} event stream(s)${signal ? ` on ${signal}` : ''}`);
  }
}
