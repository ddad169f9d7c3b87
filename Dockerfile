# Samband gateway. Multi-stage: native addons (better-sqlite3, serialport) build in the first
# stage; the runtime image has no compilers and runs as the unprivileged `node` user.
# Default command: the fully simulated demo, listening on all interfaces of the container.
#   docker build -t samband .
#   docker run --rm -p 8080:8080 -p 1883:1883 -p 8083:8083 samband
FROM node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc* ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts scripts
COPY bridge bridge
COPY gateway gateway
COPY adapters adapters
COPY sim sim
COPY config config
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    SAMBAND_LISTEN_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist dist
COPY --from=build --chown=node:node /app/config config
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080 1883 8083 4840
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/gateway/cli.js"]
CMD ["start", "--config", "config/demo.yaml"]
