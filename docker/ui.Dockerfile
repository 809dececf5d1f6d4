# A web app (user-ui or admin-ui) as static files behind nginx, which also proxies /api (SSE included) to the API.
#   docker build -f docker/ui.Dockerfile --build-arg APP=user-ui  -t esy-user-ui .
#   docker build -f docker/ui.Dockerfile --build-arg APP=admin-ui -t esy-admin-ui .
#   Behind a TLS-intercepting proxy: add --secret id=ca,src=/path/to/ca-bundle.pem (used by npm, never stored).
#   Without Docker Hub: docker/offline/build-base-images.sh first, or --build-arg NODE_IMAGE=… NGINX_IMAGE=….
# Node.js 24 LTS, which Angular 21's build supports.
ARG NODE_VERSION=24
ARG NODE_IMAGE=node:${NODE_VERSION}-trixie-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28-alpine-slim

# Up to `npm ci` the same steps as the backend's build stage, so both images share that cached layer.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY orchestration/package.json orchestration/package.json
# The optional CA bundle is a build secret: mounted for this command only, never part of a layer.
# --ignore-scripts: the root `prepare` script builds the esy CLI from sources not copied yet (and not needed here).
RUN --mount=type=secret,id=ca \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi \
 && npm ci --no-audit --no-fund --ignore-scripts
ARG APP=user-ui
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true
# The sources are mounted for the build only, not copied into layers (both apps: a mount's source is fixed).
RUN --mount=type=bind,source=nx.json,target=nx.json \
    --mount=type=bind,source=tsconfig.base.json,target=tsconfig.base.json \
    --mount=type=bind,source=libs,target=libs \
    --mount=type=bind,source=orchestration,target=orchestration \
    --mount=type=bind,source=user-ui,target=user-ui \
    --mount=type=bind,source=admin-ui,target=admin-ui \
    npx nx build "${APP}" --configuration=production --skip-nx-cache --output-style=static \
 && mv "dist/${APP}" /site

# nginx as an unprivileged user (listens on 8080), configuration from a template filled at start (API_UPSTREAM).
FROM ${NGINX_IMAGE} AS runtime
ENV API_UPSTREAM=api:3000 \
    NGINX_RESOLVER=127.0.0.11 \
    NGINX_ENVSUBST_FILTER=^(API_UPSTREAM|NGINX_RESOLVER)$
COPY docker/nginx/app.conf.template /etc/nginx/templates/default.conf.template
COPY --from=build /site /usr/share/nginx/html
ARG APP=user-ui
ARG ESY_VERSION=dev
ARG ESY_COMMIT=unknown
LABEL org.opencontainers.image.title="esy-${APP}" \
      org.opencontainers.image.description="Esy Orchestration Platform: ${APP} behind nginx, proxying /api" \
      org.opencontainers.image.version="${ESY_VERSION}" \
      org.opencontainers.image.revision="${ESY_COMMIT}"
USER nginx
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
