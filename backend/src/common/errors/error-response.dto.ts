import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from './error-codes';

const ERROR_CODE_TABLE = Object.entries(ERROR_CODES)
  .map(([code, meaning]) => `- \`${code}\`: ${meaning}`)
  .join('\n');

@ApiSchema({ name: 'ErrorDetail' })
export class ErrorDetailDto {
  @ApiProperty({ description: 'The request field (dotted path for nested fields), or `body`.', example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** The one shape of every error the API returns. */
@ApiSchema({ name: 'ErrorResponse' })
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', description: 'HTTP status code.', example: 400 })
  status: number;

  @ApiProperty({
    enum: Object.keys(ERROR_CODES),
    enumName: 'ErrorCode',
    description: `Stable machine-readable error code:\n${ERROR_CODE_TABLE}`,
    example: 'VALIDATION_FAILED',
  })
  code: ErrorCode | string;

  @ApiProperty({ description: 'Human-readable message.', example: 'The request is invalid.' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto], description: 'One entry per invalid field (validation errors).' })
  details?: ErrorDetailDto[];
}
