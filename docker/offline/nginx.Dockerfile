# Stand-in for nginxinc/nginx-unprivileged:<version>-alpine-slim: Debian's nginx, listening as an unprivileged user
# (uid 101) on 8080, and the official entrypoint's template step (/etc/nginx/templates/*.template → conf.d, only
# the variables NGINX_ENVSUBST_FILTER names). The runtime is copied onto an empty image with busybox (sh, wget for
# health checks), nginx, envsubst and their libraries: about 15 MB, as small as the Alpine image it stands in for.
ARG DEBIAN_IMAGE=esy-offline/debian:trixie-slim
FROM ${DEBIAN_IMAGE} AS packages
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx-light busybox-static gettext-base \
 && rm -rf /var/lib/apt/lists/*
COPY nginx.conf /etc/nginx/nginx.conf
COPY nginx-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
# Only what the runtime needs, with every shared library the two dynamic binaries load.
RUN mkdir -p /out/bin /out/usr/sbin /out/usr/bin /out/etc/nginx/conf.d /out/etc/nginx/templates /out/var/cache/nginx \
      /out/usr/share/nginx/html /out/tmp /out/usr/local/bin \
 && cp /bin/busybox /out/bin/busybox \
 && cp /usr/sbin/nginx /out/usr/sbin/nginx && cp /usr/bin/envsubst /out/usr/bin/envsubst \
 && for lib in $(ldd /usr/sbin/nginx /usr/bin/envsubst | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do \
      mkdir -p "/out$(dirname "$lib")" && cp -L "$lib" "/out$lib"; done \
 && cp /etc/nginx/nginx.conf /etc/nginx/mime.types /out/etc/nginx/ \
 && cp /usr/local/bin/docker-entrypoint.sh /out/usr/local/bin/ \
 && printf 'root:x:0:0:root:/root:/bin/sh\nnginx:x:101:101:nginx:/var/cache/nginx:/bin/false\n' > /out/etc/passwd \
 && printf 'root:x:0:\nnginx:x:101:\n' > /out/etc/group \
 && chown -R 101:101 /out/etc/nginx/conf.d /out/var/cache/nginx \
 && chmod 1777 /out/tmp

FROM scratch
COPY --from=packages /out /
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/bin
ARG NGINX_VERSION
LABEL org.opencontainers.image.title="nginx ${NGINX_VERSION} unprivileged (esy offline stand-in)"
USER nginx
EXPOSE 8080
STOPSIGNAL SIGQUIT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
