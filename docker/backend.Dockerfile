# syntax=docker/dockerfile:1
# The API and the worker: one image, two commands (see compose.yml).
#   docker build -f docker/backend.Dockerfile -t esy-backend .
#   API:    docker run esy-backend                      (node dist/backend/backend/src/main.js)
#   worker: docker run esy-backend node dist/backend/backend/src/worker.js
# Node.js 24 LTS: a long-term-support line that every dependency (NestJS, argon2's prebuilt binaries) supports.
ARG NODE_VERSION=24

# ── every dependency, to compile ────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY orchestration/package.json orchestration/package.json
RUN npm ci --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY backend backend
COPY orchestration orchestration
# What `npx nx build backend` runs: tsc, then tsc-alias (rewrites @esy/orchestration to relative paths).
RUN npx tsc -p backend/tsconfig.app.json && npx tsc-alias -p backend/tsconfig.app.json

# ── production dependencies only ───────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-trixie-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY orchestration/package.json orchestration/package.json
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ── runtime ────────────────────────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-trixie-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    METRICS_PORT=9464 \
    ORCHESTRATION_DIR=/app/orchestration
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist/backend dist/backend
# The content the server reads (agents, gate contracts, workflows, profiles, skills); read-only for the app.
COPY orchestration orchestration
COPY package.json nx.json ./
COPY docker/healthcheck.mjs docker/healthcheck.mjs
USER node
EXPOSE 3000 9464
# The API answers /api/health; a worker (no HTTP) is checked on its metrics port: `healthcheck.mjs worker`.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "docker/healthcheck.mjs", "api"]
# Node is PID 1 here and handles SIGTERM itself (graceful shutdown); compose adds `init: true` for reaping.
CMD ["node", "dist/backend/backend/src/main.js"]
