// The browser side of the server-sent event streams (a run's stream, the user's feed, the console's all-runs feed).
export * from './lib/live-event';
export * from './lib/live-event-client';
