import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The responses this API process has not finished yet (so shutdown can end the long-lived ones). */
@Injectable()
export class OpenResponses {
  private readonly open = new Set<ServerResponse>();

  track(response: ServerResponse): void {
    this.open.add(response);
    response.once('close', () => this.open.delete(response));
  }

  /** Open event streams (content type text/event-stream). */
  eventStreams(): ServerResponse[] {
    return [...this.open].filter((response) => String(response.getHeader('content-type') ?? '').startsWith('text/event-stream'));
  }
}

@Injectable()
export class OpenResponsesMiddleware implements NestMiddleware {
  constructor(private readonly responses: OpenResponses) {}

  use(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
    this.responses.track(response);
    next();
  }
}
