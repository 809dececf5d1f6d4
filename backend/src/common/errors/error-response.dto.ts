import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

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
  @ApiProperty({ description: 'HTTP status code.', example: 400 })
  status: number;

  @ApiProperty({ description: 'Stable machine-readable error code.', example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty({ description: 'Human-readable message.', example: 'The request is invalid.' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto], description: 'One entry per invalid field (validation errors).' })
  details?: ErrorDetailDto[];
}
