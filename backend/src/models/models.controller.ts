import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';
import { ModelListDto } from './dto/model.dto';
import { ModelsService } from './models.service';

@Controller('models')
@ApiTags('Models')
@Authenticated()
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiOperation({ operationId: 'Models_list', summary: 'Active models (for model pickers): prices, tier, capabilities; no usage or credentials' })
  @ApiOkResponse({ type: ModelListDto })
  async list(): Promise<ModelListDto> {
    return { models: await this.models.listActive() };
  }
}
