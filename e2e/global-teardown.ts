import { forgetState, stopStack } from './support/stack';

export default async function globalTeardown(): Promise<void> {
  await stopStack();
  forgetState();
}
