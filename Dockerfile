# The production image: gunicorn behind whatever terminates TLS, static files from WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . .
RUN pip install . \
    && useradd --system --create-home --home-dir /home/factcheck factcheck \
    && mkdir -p /app/staticfiles /app/media \
    && chown -R factcheck /app/staticfiles /app/media

USER factcheck
EXPOSE 8000
CMD ["bin/start-web"]
