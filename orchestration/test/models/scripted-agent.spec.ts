/** The scripted agent drives a real SDK tool loop to write exactly the files a contract would ask for. */
import { scriptedAgent } from '../../test-support/fake-providers';
import { PROVIDERS, request, runToolLoop } from './provider-fixtures';

describe.each(PROVIDERS)('scripted agent over $provider', (fixture) => {
  it('lists the workspace, writes each file through write_file calls, then ends with its final text', async () => {
    const server = await fixture.makeServer().start();
    try {
      const files = [
        { path: 'research/sources.md', content: '# Sources\n\n1. https://example.org/a\n' },
        { path: 'research/notes.md', content: '# Notes\n' },
        { path: 'brief.md', content: '---\nstatus: complete\n---\n# Brief\n' },
      ];
      server.enqueue(...scriptedAgent(files, { listFirst: '.', filesPerReply: 2, finalText: 'All research written.' }));
      const written = new Map<string, string>();
      const responses = await runToolLoop(fixture.makeAdapter(server, { streaming: 'always' }), request(fixture.model, { onTextDelta: () => undefined }), written);
      expect(Object.fromEntries(written)).toEqual(Object.fromEntries(files.map((f) => [f.path, f.content])));
      expect(responses.map((r) => r.toolCalls.map((c) => c.name))).toEqual([['list_directory'], ['write_file', 'write_file'], ['write_file'], []]);
      expect(responses[responses.length - 1].text).toBe('All research written.');
      expect(server.pendingReplies).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('answers a clear error when the script has run out, instead of inventing a reply', async () => {
    const server = await fixture.makeServer().start();
    try {
      const error = await fixture.makeAdapter(server).complete(request(fixture.model)).catch((e) => e);
      expect(error.kind).toBe('bad_request');
      expect(error.message).toContain('no scripted reply left');
    } finally {
      await server.close();
    }
  });
});
