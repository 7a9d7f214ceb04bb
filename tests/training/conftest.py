"""Fixtures shared by the training tests: tiny finished runs of the three tasks (see export_runs.py)."""

from tests.training.export_runs import (  # noqa: F401  (fixtures, found by pytest through this conftest)
    classification_run,
    embedding_run,
    full_embedding_run,
    prompted_bert,
    runs_data,
    sft_run,
    studio_data,
)
