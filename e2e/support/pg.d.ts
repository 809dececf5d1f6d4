// The few parts of `pg` the e2e setup uses (the package ships no types and @types/pg is not installed).
declare module 'pg' {
  export class Client {
    constructor(config: { connectionString: string });
    connect(): Promise<void>;
    query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
    end(): Promise<void>;
  }
}
