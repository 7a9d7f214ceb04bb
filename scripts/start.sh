#!/usr/bin/env bash
# Set up and start the studio on the bundled sample and default model: http://127.0.0.1:7860
# GRADIO_SERVER_NAME / GRADIO_SERVER_PORT choose the address, STUDIO_DATA_DIR where datasets and runs are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
exec .venv/bin/python app.py
