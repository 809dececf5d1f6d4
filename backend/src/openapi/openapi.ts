import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorDetailDto, ErrorResponseDto } from '../common/errors/error-response.dto';
import { applyDocumentRules } from './document-rules';

export const DOCS_PATH = 'api/docs';

/** The OpenAPI 3 document, built from controller and DTO metadata alone (no database needed). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Esy Orchestration Platform API')
    .setDescription(
      'Quality-gated AI workflows. Authenticate with a bearer access token (POST /api/auth/login) or an API key ' +
        '(`Authorization: Bearer esy_…` or `X-API-Key: esy_…`). Every error has the ErrorResponse shape.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto, ErrorDetailDto],
    // Route handlers carry explicit operationIds (`Auth_login`); this is the fallback for any that do not.
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return applyDocumentRules(document);
}

/** Swagger UI at /api/docs, the JSON document at /api/docs-json. */
export function setupSwagger(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: 'api/docs-json',
    raw: ['json'],
    customSiteTitle: 'Esy API',
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}
