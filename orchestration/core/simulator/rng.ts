import { createHash } from 'node:crypto';

/** A small seeded PRNG (mulberry32): the simulator's answers depend only on the seed, never on the clock. */
export class Rng {
  private state: number;

  constructor(seed: string | number) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A new generator derived from this seed and a label (independent streams for independent choices). */
  fork(label: string): Rng {
    return new Rng(`${this.state}:${label}`);
  }
}

export function hashSeed(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}
