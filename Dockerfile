# syntax=docker/dockerfile:1
# Jahesh as a container image: one image for the web process, the job consumer and migrations.
# Build: docker build -t jahesh .    Run everything: docker compose up -d (see compose.yaml and
# docs/deploy.md). Not built in CI (too slow there); CI runs the same commands as processes
# (.ci/run). Without registry access, deploy/image-offline builds this file on a Debian base.

# Any Debian 12 with python3, python3-venv and python-is-python3 serves as well.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the pinned dependencies and Jahesh in a virtual environment ---
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# Every dependency at the version and with the file hashes of requirements.lock (deploy/lock
# refreshes it from pyproject.toml), the build backend included; then Jahesh itself, which brings
# nothing more (--no-deps) and is built with those same hashed packages (--no-build-isolation).
COPY requirements.lock ./
RUN python -m venv /opt/jahesh \
 && /opt/jahesh/bin/pip install --require-hashes --only-binary :all: -r requirements.lock
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN /opt/jahesh/bin/pip install --no-deps --no-build-isolation . \
 && /opt/jahesh/bin/pip check

# --- runtime: the virtual environment, the fonts and libraries it needs, nothing else ---
FROM ${PYTHON_IMAGE} AS runtime
# Persian fonts for PDFs (the same Debian packages CI tests with: FreeFarsi, Noto Naskh Arabic)
# and Pango, with which WeasyPrint lays the text out.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fonts-freefarsi fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 jahesh \
 && useradd --system --uid 10001 --gid jahesh --home-dir /srv/jahesh --shell /usr/sbin/nologin jahesh \
 && mkdir -p /srv/jahesh/data /srv/jahesh/static \
 && chown -R jahesh:jahesh /srv/jahesh
COPY --from=build /opt/jahesh /opt/jahesh
ENV PATH=/opt/jahesh/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    JAHESH_PRODUCTION=true \
    JAHESH_DATA_DIR=/srv/jahesh/data \
    JAHESH_STATIC_ROOT=/srv/jahesh/static \
    JAHESH_MEDIA_ROOT=/srv/jahesh/data/media \
    JAHESH_SERVE_FILES=false \
    JAHESH_PROXY_COUNT=1 \
    JAHESH_LOG_JSON=true \
    XDG_CACHE_HOME=/tmp/cache
USER jahesh
WORKDIR /srv/jahesh
VOLUME ["/srv/jahesh/data", "/srv/jahesh/static"]
EXPOSE 8000
# /healthz answers before host checks and the HTTPS redirect, so a plain local request will do.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["jahesh", "serve", "--no-worker", "--host", "0.0.0.0", "--port", "8000"]
