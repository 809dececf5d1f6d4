export { SimulatorAdapter, estimateTokens as estimateSimulatedTokens } from './simulator-adapter';
export type { SimulatorGateContext } from './gate-context';
export { isSimulatorGateContext } from './gate-context';
export { behaviourFor, simulatorConfigFromEnv, type SimulatorConfig, type SimulatorGateBehaviour } from './config';
export { isSimulatorRubricContext, simulatedRubricAnswer, type SimulatorRubricContext } from './rubric-judge';
