import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { User } from './entities/user.entity';

/** Typed data access for users (new code; UsersService still holds the older queries). */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** Replaces the password hash; `mustChange` marks a temporary password from an administrator. */
  async setPassword(id: string, passwordHash: string, mustChange: boolean, manager?: EntityManager): Promise<void> {
    await (manager ?? this.users.manager).update(User, { id }, { passwordHash, mustChangePassword: mustChange });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.users.manager.transaction(work);
  }
}
