import { DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, loadAppConfig } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the typed configuration: `constructor(@InjectConfig() private readonly config: AppConfig)`. */
export const InjectConfig = () => Inject(APP_CONFIG);

/**
 * Makes the validated AppConfig available everywhere. main.ts validates the environment before Nest starts (so a
 * bad variable is one clear line); tests pass their own config object.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          // The environment is validated once, by loadAppConfig, into the typed object below.
          load: [() => ({ app: config ?? loadAppConfig(process.env) })],
        }),
      ],
      providers: [
        {
          provide: APP_CONFIG,
          inject: [ConfigService],
          useFactory: (configService: ConfigService) => configService.get<AppConfig>('app'),
        },
      ],
      exports: [APP_CONFIG],
    };
  }
}
