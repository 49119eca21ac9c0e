# The production image: gunicorn behind whatever terminates TLS, static files from WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# gettext's msgfmt compiles the Hindi and Urdu catalogues (locale/) below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
# Pinned with hashes (`make lock`), in a layer of its own that code changes do not rebuild.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY . .
RUN pip install --no-deps . \
    && find locale -name django.po -execdir msgfmt --check -o django.mo django.po \; \
    && useradd --system --create-home --home-dir /home/factcheck factcheck \
    && mkdir -p /app/staticfiles /app/media \
    && chown -R factcheck /app/staticfiles /app/media

USER factcheck
EXPOSE 8000
CMD ["bin/start-web"]
