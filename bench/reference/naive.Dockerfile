# (b) The naive single-stage Dockerfile of the project's source documents (tutorials, Q&A answers):
# everything copied first, so any code edit reinstalls every dependency; runs as root; shell-form CMD,
# so /bin/sh is PID 1 and `docker stop` may wait for the kill timeout.
# bench/lib/images.mjs replaces @PORT@ and @CMD@ per app (docker init asks for the same two things).
# The only addition is `ARG PIP_INDEX_URL`, the offline harness's hook for the package index (pip
# reads the variable; without the build argument pip uses PyPI as usual).
FROM python:3.11-slim
WORKDIR /app
COPY . .
ARG PIP_INDEX_URL
RUN pip install -r requirements.txt
EXPOSE @PORT@
CMD @CMD@
