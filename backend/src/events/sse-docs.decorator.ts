import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';

const EVENT_FORMAT =
  'Server-Sent Events. Each event: `id:` (the run_events id, increasing), `event:` (gate_started, gate_output, ' +
  'gate_passed, gate_failed, gate_warning, gate_skipped, gate_retrying, run_started, run_paused, run_resumed, ' +
  'run_completed, run_failed, run_cancelled, operator_action) and `data:` — JSON `{id, prev_id, run_id, type, payload, ' +
  'created_at}`. `gate_output` (streamed model text) goes to administrators only and has no `id:` (it is live-only, ' +
  'never replayed). A comment line is sent as a heartbeat.';

/** Documents an SSE route: auth by header or `?token=`, replay by Last-Event-ID, the event format. */
export function ApiEventStream(description: string) {
  return applyDecorators(
    Authenticated(),
    ApiQuery({
      name: 'token',
      required: false,
      description: 'Stream token from the matching `…/stream-token` route (for EventSource, which cannot send headers). Accepted only on stream routes.',
    }),
    ApiQuery({ name: 'last_event_id', required: false, description: 'Replay events after this id (same as the Last-Event-ID header).' }),
    ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Replay events after this id; browsers send it when they reconnect.' }),
    ApiOkResponse({ description: `${description} ${EVENT_FORMAT}`, content: { 'text/event-stream': { schema: { type: 'string' } } } }),
  );
}
