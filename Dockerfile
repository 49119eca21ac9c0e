# The production image: gunicorn behind whatever terminates TLS, static files from WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Pinned with hashes (`make lock`), in a layer of its own that code changes do not rebuild.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY . .
RUN pip install --no-deps . \
    && useradd --system --create-home --home-dir /home/factcheck factcheck \
    && mkdir -p /app/staticfiles /app/media \
    && chown -R factcheck /app/staticfiles /app/media

USER factcheck
EXPOSE 8000
CMD ["bin/start-web"]
