// Which project may import which (Nx project tags, see each project.json). Used by eslint.config.mjs for
// `npm run lint` and by scripts/lint-boundaries.mjs, the check `npm test` runs.
//   scope:core   orchestration/: the framework-free core and CLI; imports nothing of the platform.
//                libs/sdk (@esy/sdk) too: framework-free, used by the esy CLI (tagged type:data as well)
//   scope:server backend/: the core and itself
//   scope:web    libs/ and the apps; libs may use the core's plain constants; apps import only libs
export const BOUNDARY_RULE = [
  'error',
  {
    enforceBuildableLibDependency: false,
    // The apps import ui-auth's guards and session statically and lazy-load its pages from their own entry point
    // (@esy/ui-auth/pages): two entry points of one library, not a lazy library pulled in eagerly.
    checkDynamicDependenciesExceptions: ['ui-auth'],
    depConstraints: [
      { sourceTag: 'scope:core', onlyDependOnLibsWithTags: ['scope:core'] },
      { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:core'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:data', 'type:feature', 'type:ui'] },
      { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:core'] },
    ],
  },
];
