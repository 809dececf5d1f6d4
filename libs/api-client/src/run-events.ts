// Server-sent events are outside the OpenAPI document; their names come from the engine that emits them.
export { RUN_EVENT_TYPES, type RunEventType } from '@esy/orchestration/run-event-types';
