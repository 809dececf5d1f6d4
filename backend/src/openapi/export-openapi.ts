import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { API_PREFIX } from '../app.factory';
import { AppModule } from '../app.module';
import { loadAppConfig } from '../config/app-config';
import { buildOpenApiDocument } from './openapi';
import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Builds the OpenAPI document from the module metadata alone: `preview` mode wires the module graph without
 * instantiating providers, so no database or Redis is touched.
 */
export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    app.setGlobalPrefix(API_PREFIX);
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

export async function exportOpenApi(outFile: string): Promise<OpenAPIObject> {
  const document = await generateOpenApiDocument();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(document, null, 2) + '\n');
  return document;
}
