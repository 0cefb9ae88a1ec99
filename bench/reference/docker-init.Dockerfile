# (c) The single-stage Dockerfile `docker init` generates for a Python project (Docker Desktop 4.x
# template), adapted to this offline machine only where it must be:
# - no `# syntax=docker/dockerfile:1` line: it pulls a frontend image from a registry; the built-in
#   BuildKit frontend of Docker 20.10 understands every instruction below;
# - `useradd` instead of `adduser` with the same options (the stand-in base image has no adduser);
# - a BuildKit secret mount for the package index (`--secret id=pip_conf`, the same hook pyenvc's
#   Dockerfile uses; it adds nothing to the image).
# bench/lib/images.mjs replaces @PORT@ and @CMD@ per app (docker init asks for both).
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim as base

# Prevents Python from writing pyc files.
ENV PYTHONDONTWRITEBYTECODE=1

# Keeps Python from buffering stdout and stderr to avoid situations where
# the application crashes without emitting any logs due to buffering.
ENV PYTHONUNBUFFERED=1

WORKDIR /app

# Create a non-privileged user that the app will run under.
ARG UID=10001
RUN useradd \
    --no-create-home \
    --home-dir "/nonexistent" \
    --shell "/sbin/nologin" \
    --uid "${UID}" \
    appuser

# Download dependencies as a separate step to take advantage of Docker's caching.
# Leverage a cache mount to /root/.cache/pip to speed up subsequent builds.
# Leverage a bind mount to requirements.txt to avoid having to copy them into
# into this layer.
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=secret,id=pip_conf,target=/etc/pip.conf \
    python -m pip install -r requirements.txt

# Switch to the non-privileged user to run the application.
USER appuser

# Copy the source code into the container.
COPY . .

# Expose the port that the application listens on.
EXPOSE @PORT@

# Run the application.
CMD @CMD@
