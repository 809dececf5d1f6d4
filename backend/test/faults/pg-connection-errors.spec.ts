import { EventEmitter } from 'node:events';
import { Pg } from '../../src/database/pg';

/** A pooled connection as pg-pool hands it out: nobody listens to its 'error' events while it is checked out. */
class FakeConnection extends EventEmitter {
  released: Array<Error | undefined> = [];
  async query(): Promise<{ rows: never[]; rowCount: number }> {
    return { rows: [], rowCount: 0 };
  }
  release(error?: Error): void {
    this.released.push(error);
  }
}

describe('Pg: a connection lost while held', () => {
  it('does not end the process; the connection is discarded, not returned to the pool', async () => {
    const connection = new FakeConnection();
    const pg = new Pg({ connect: async () => connection, query: async () => ({ rows: [], rowCount: 0 }) } as never);
    const lost = new Error('Connection terminated unexpectedly');
    await pg.transaction(async () => {
      // PostgreSQL restarts between two statements: without a listener this emit would throw.
      expect(() => connection.emit('error', lost)).not.toThrow();
    });
    expect(connection.released).toEqual([lost]);
    expect(connection.listenerCount('error')).toBe(0);

    const second = new FakeConnection();
    const pg2 = new Pg({ connect: async () => second, query: async () => ({ rows: [], rowCount: 0 }) } as never);
    await pg2.atomically(async () => {
      expect(() => second.emit('error', lost)).not.toThrow();
    });
    expect(second.released).toEqual([lost]);
  });
});
