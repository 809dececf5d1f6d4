import { Injectable } from '@nestjs/common';
import { cursorPage, decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, IsNull, Repository } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditService, changedFields } from '../audit/audit.service';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { ApiException, notFound } from '../common/errors/api.exception';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { User, type UserRole } from './entities/user.entity';
import type { ListUsersQueryDto } from './dto/list-users.dto';
import type { UpdateUserDto } from './dto/update-user.dto';

/** Emails are compared case-insensitively: they are stored lower-cased and trimmed. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly audit: AuditService,
  ) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: normalizeEmail(email) });
  }

  async list(query: ListUsersQueryDto): Promise<{ users: User[]; total: number; next_cursor: string | null; has_more: boolean }> {
    const builder = this.users.createQueryBuilder('u');
    if (query.role) builder.andWhere('u.role = :role', { role: query.role });
    if (query.disabled !== undefined) builder.andWhere('u.disabled = :disabled', { disabled: query.disabled });
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      builder.andWhere(
        new Brackets((w) => w.where('u.email ILIKE :pattern', { pattern }).orWhere('u.display_name ILIKE :pattern')),
      );
    }
    const total = await builder.clone().getCount();
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      builder.andWhere('(u.created_at, u.id) > (CAST(:cursorCreatedAt AS timestamptz), CAST(:cursorId AS uuid))', {
        cursorCreatedAt: createdAt,
        cursorId: id,
      });
    }
    // Oldest first: users created while an admin pages through land after the last page, never inside one.
    const rows = await builder
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .take(query.limit + 1)
      .skip(query.offset)
      .getMany();
    const page = cursorPage(rows, query.limit, (user) => [user.id]);
    let nextCursor: string | null = null;
    if (page.has_more) {
      // The entity's Date has milliseconds; the keyset needs the column's exact microseconds.
      const last = page.items[page.items.length - 1];
      const [{ created_at }] = await this.users.query('SELECT created_at::text AS created_at FROM users WHERE id = $1', [last.id]);
      nextCursor = encodeCursor([created_at, last.id]);
    }
    return { users: page.items, total, next_cursor: nextCursor, has_more: page.has_more };
  }

  /** Admin edit of role / disabled / display name. Admins cannot demote or disable themselves (no lock-out). */
  async update(id: string, changes: UpdateUserDto, actor: AuthenticatedUser, context: AuditContext): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw notFound('User');
    if (user.id === actor.id && (changes.disabled === true || (changes.role && changes.role !== 'admin'))) {
      throw new ApiException(409, 'SELF_LOCKOUT', 'You cannot disable yourself or remove your own admin role.');
    }
    const summary = (u: User) => ({ role: u.role, disabled: u.disabled, display_name: u.displayName });
    const before = summary(user);
    if (changes.role !== undefined) user.role = changes.role as UserRole;
    if (changes.disabled !== undefined) user.disabled = changes.disabled;
    if (changes.display_name !== undefined) user.displayName = changes.display_name;
    return this.users.manager.transaction(async (manager) => {
      const saved = await manager.save(user);
      const diff = changedFields(before, summary(saved));
      if (Object.keys(diff.after).length) {
        await this.audit.record(context, { action: 'user.updated', target: { type: 'user', id: saved.id, label: saved.email }, ...diff }, manager);
      }
      if (saved.disabled) {
        // A disabled user's sessions end now, not when their refresh tokens expire.
        await manager.update(
          RefreshToken,
          { userId: saved.id, revokedAt: IsNull() },
          { revokedAt: new Date(), revokedReason: 'user_disabled' },
        );
      }
      return saved;
    });
  }
}
