import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { ApiException } from '../common/errors/api.exception';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { LivenessDto, ReadinessDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ operationId: 'Health_live', summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok', uptime_s: Math.round(process.uptime()) };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'Health_ready',
    summary: 'Readiness: PostgreSQL and Redis reachable, migrations applied',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiErrorResponses(503)
  async ready(): Promise<ReadinessDto> {
    const results = await this.health.readiness();
    const down = results.filter((result) => !result.up);
    if (down.length) {
      throw new ApiException(
        503,
        'NOT_READY',
        `Not ready: ${down.map((result) => result.name).join(', ')} unavailable.`,
        down.map((result) => ({ field: result.name, message: result.problem ?? 'unavailable' })),
      );
    }
    return { status: 'ready', checks: { database: 'up', redis: 'up', migrations: 'up' } };
  }
}
