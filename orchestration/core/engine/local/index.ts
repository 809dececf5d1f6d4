export * from './memory-run-store';
export * from './local-job-queue';
export * from './recording-event-sink';
export * from './disk-workspace-provider';
export * from './local-engine';
