/** Simulator quality profiles: hidden pass rate and latency per model (and per gate), from settings or environment. */
import { behaviourFor, parseModelProfiles, simulatorConfigFromEnv } from '../../core/simulator/config';

describe('simulator quality profiles', () => {
  const config = {
    failRate: 0.1,
    latencyMs: 5,
    gates: { G5: { failRate: 0.3, latencyMs: 7 } },
    models: { cheap: { passRate: 0.95, latencyMs: 2, gates: { G5: { passRate: 0.6 } } } },
  };

  it('uses the most specific setting: model × gate, model, gate, global', () => {
    expect(behaviourFor(config, 'G5', 'cheap')).toMatchObject({ failRate: 0.4, latencyMs: 2 });
    expect(behaviourFor(config, 'G1', 'cheap').failRate).toBeCloseTo(0.05, 10);
    expect(behaviourFor(config, 'G5', 'other')).toMatchObject({ failRate: 0.3, latencyMs: 7 });
    expect(behaviourFor(config, 'G1', 'other')).toMatchObject({ failRate: 0.1, latencyMs: 5 });
  });

  it('parses model[@gate]=passRate[:latencyMs] and names a bad entry', () => {
    expect(parseModelProfiles('claude-haiku-3.5=0.97:300, claude-haiku-3.5@G5=0.6, gpt-4o@G3=:900')).toEqual({
      'claude-haiku-3.5': { passRate: 0.97, latencyMs: 300, gates: { G5: { passRate: 0.6 } } },
      'gpt-4o': { gates: { G3: { latencyMs: 900 } } },
    });
    expect(() => parseModelProfiles('gpt-4o=1.5')).toThrow('simulator model profile "gpt-4o=1.5" must look like model[@gate]=passRate[:latencyMs]');
    expect(() => parseModelProfiles('gpt-4o')).toThrow('"gpt-4o"');
  });

  it('reads ESY_SIMULATOR_MODEL_PROFILES', () => {
    expect(simulatorConfigFromEnv({ ESY_SIMULATOR_MODEL_PROFILES: 'o3=0.99' }).models).toEqual({ o3: { passRate: 0.99 } });
  });
});
