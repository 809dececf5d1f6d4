import { ApiProperty } from '@nestjs/swagger';

/** The cursor fields every paged list response carries (list DTOs extend this). */
export class CursorPageDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `?cursor=` for the next page; null on the last page. Opaque: do not parse or build it.',
  })
  next_cursor: string | null;

  @ApiProperty({ description: 'Whether rows follow this page (then `next_cursor` is set).' })
  has_more: boolean;
}
