import type { FullConfig } from '@playwright/test';
import { startStack, stopStack } from './support/stack';

/**
 * Starts the platform once for the whole suite. The simulator's latency per model round (300 ms) makes a gate
 * take about a second, so a five-step run of the e2e content lasts a few seconds: long enough to watch steps turn
 * green live, short enough for the suite. E2E_APPS limits which web apps are built and served.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  void config;
  const apps = (process.env.E2E_APPS ?? 'user-ui,admin-ui').split(',').map((app) => app.trim()) as ('user-ui' | 'admin-ui')[];
  try {
    const state = await startStack({
      apps,
      backendEnv: { ESY_SIMULATOR_LATENCY_MS: process.env.E2E_SIMULATOR_LATENCY_MS ?? '300' },
    });
    console.log(`[e2e] API ${state.apiUrl}, user-ui ${state.userUiUrl ?? '-'}, admin-ui ${state.adminUiUrl ?? '-'}, database ${state.database}, logs ${state.logDir}`);
  } catch (error) {
    await stopStack();
    throw error;
  }
}
