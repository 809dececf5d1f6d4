import { Body, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { AdminModelDto, AdminModelListDto, CreateModelDto, UpdateModelDto } from './dto/model.dto';
import { ModelsService } from './models.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@AdminController('models', 'Admin: models')
export class AdminModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiOperation({ operationId: 'AdminModels_list', summary: 'Every model with its usage and cost this month' })
  @ApiOkResponse({ type: AdminModelListDto })
  list(): Promise<AdminModelListDto> {
    return this.models.listAdmin();
  }

  @Post()
  @Idempotent()
  @ApiOperation({ operationId: 'AdminModels_create', summary: 'Add a model (e.g. one served by a local OpenAI-compatible server)' })
  @ApiCreatedResponse({ type: AdminModelDto })
  @ApiErrorResponses(400, 409)
  create(@Body() body: CreateModelDto): Promise<AdminModelDto> {
    return this.models.create(body);
  }

  @Put(':id')
  @ApiOperation({ operationId: 'AdminModels_update', summary: 'Change pricing, tier, active flag, provider or the provider’s model name' })
  @ApiParam({ name: 'id', example: 'claude-sonnet-4' })
  @ApiOkResponse({ type: AdminModelDto })
  @ApiErrorResponses(400, 404)
  update(@Param('id') id: string, @Body() body: UpdateModelDto): Promise<AdminModelDto> {
    return this.models.update(id, body);
  }
}
