# syntax=docker/dockerfile:1
#
# One image recipe for every NestJS service of the monorepo:
#   docker build --build-arg APP=content-service -t advocacy/content-service .
# APP is one of: content-service, share-tracking-service, scoring-service,
#                leaderboard-service, coaching-service, notification-service
# (the notification image also holds apps/mail-dev, the development SMTP server of `--profile dev`)
#
# The build stage does not depend on APP, so when several services are built
# (docker compose build) the whole monorepo is compiled once and the stage is
# reused from the build cache for every service.

# Node 22 LTS (Node 20 reached end of life in April 2026); the code also runs on 20.
ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG APP
RUN test -n "$APP" || { echo "build arg APP is required (e.g. --build-arg APP=content-service)" >&2; exit 1; }
ENV NODE_ENV=production \
    APP=${APP}
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# dist/ needs no loader hook: the build rewrote the @advocacy/* imports to relative paths.
COPY --from=build /app/dist ./dist
# Fail the build early on a misspelt APP.
RUN test -f "dist/apps/${APP}/src/main.js" || { echo "dist/apps/${APP}/src/main.js not found" >&2; exit 1; }

USER node
# `exec` so that node is PID 1's direct child (or PID 1) and receives SIGTERM.
CMD ["sh", "-c", "exec node \"dist/apps/${APP}/src/main.js\""]
