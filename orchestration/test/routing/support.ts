import type { RoutingObservation } from '../../core/routing/evidence';

/** `passes` passing then `failures` failing first attempts (oldest first), one second apart. */
export function trials(
  gateId: string,
  modelId: string,
  outcomes: Array<[passed: boolean, count: number]>,
  extra: Partial<RoutingObservation> = {},
): RoutingObservation[] {
  const out: RoutingObservation[] = [];
  let t = Date.parse('2026-01-01T00:00:00Z') + (extra.at?.getTime() ?? 0);
  for (const [passed, count] of outcomes) {
    for (let i = 0; i < count; i++) {
      out.push({ gateId, modelId, passed, tokensIn: 10_000, tokensOut: 2_000, costUsd: 0, latencyMs: 1_000, simulated: false, source: 'attempt', ...extra, at: new Date((t += 1000)) });
    }
  }
  return out;
}
