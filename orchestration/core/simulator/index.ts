export { SimulatorAdapter, estimateTokens as estimateSimulatedTokens } from './simulator-adapter';
export type { SimulatorGateContext } from './gate-context';
export { isSimulatorGateContext } from './gate-context';
export { behaviourFor, parseModelProfiles, simulatorConfigFromEnv, type SimulatorConfig, type SimulatorGateBehaviour, type SimulatorModelProfile } from './config';
export { isSimulatorRubricContext, simulatedRubricAnswer, type SimulatorRubricContext } from './rubric-judge';
