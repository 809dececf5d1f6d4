/** Wire-protocol fake model providers for tests: real SDKs talk to these over loopback. */
export * from './script';
export * from './fake-server';
export * from './anthropic-fake';
export * from './openai-fake';
export * from './gemini-fake';
export * from './scripted-agent';
