# syntax=docker/dockerfile:1
# A web app (user-ui or admin-ui) as static files behind nginx, which also proxies /api (SSE included) to the API.
#   docker build -f docker/ui.Dockerfile --build-arg APP=user-ui  -t esy-user-ui .
#   docker build -f docker/ui.Dockerfile --build-arg APP=admin-ui -t esy-admin-ui .
# Node.js 24 LTS, which Angular 21's build supports.
ARG NODE_VERSION=24
ARG NGINX_VERSION=1.28

FROM node:${NODE_VERSION}-trixie-slim AS build
ARG APP=user-ui
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true
WORKDIR /app
COPY package.json package-lock.json ./
COPY orchestration/package.json orchestration/package.json
RUN npm ci --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs libs
COPY orchestration orchestration
COPY ${APP} ${APP}
RUN npx nx build "${APP}" --configuration=production --skip-nx-cache --output-style=static \
 && mv "dist/${APP}" /site

# nginx as an unprivileged user (listens on 8080), configuration from a template filled at start (API_UPSTREAM).
FROM nginxinc/nginx-unprivileged:${NGINX_VERSION}-alpine-slim AS runtime
ENV API_UPSTREAM=api:3000 \
    NGINX_ENVSUBST_FILTER=^API_UPSTREAM$
COPY docker/nginx/app.conf.template /etc/nginx/templates/default.conf.template
COPY --from=build /site /usr/share/nginx/html
USER nginx
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
