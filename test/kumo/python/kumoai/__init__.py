"""Contract stand-in for Kumo's Python SDK (see ../README.md): the names the real `kumoai` documents."""
import os

from kumoai import _standin

__version__ = "0.0.0+standin"


def init(url=None, api_key=None, snowflake_credentials=None):
    url = url or os.environ.get("KUMO_API_URL")
    api_key = api_key or os.environ.get("KUMO_API_KEY")
    if not url or not api_key:
        raise ValueError("kumoai.init needs url and api_key (or KUMO_API_URL / KUMO_API_KEY)")
    # The key itself is never recorded; only whether it came from the environment, as it must.
    _standin.record("init", url=url, api_key_from_environment=api_key == os.environ.get("KUMO_API_KEY"))
    _standin.set_client(url, api_key)


from kumoai.connector import (  # noqa: E402
    BigQueryConnector,
    DatabricksConnector,
    FileUploadConnector,
    S3Connector,
    SnowflakeConnector,
    SourceTable,
)
from kumoai.graph import Column, Edge, Graph, Table  # noqa: E402
from kumoai.pquery import PredictiveQuery  # noqa: E402
from kumoai.trainer import BatchPredictionJob, BatchPredictionJobResult, Trainer  # noqa: E402

__all__ = [
    "init",
    "BigQueryConnector",
    "DatabricksConnector",
    "FileUploadConnector",
    "S3Connector",
    "SnowflakeConnector",
    "SourceTable",
    "Column",
    "Edge",
    "Graph",
    "Table",
    "PredictiveQuery",
    "Trainer",
    "BatchPredictionJob",
    "BatchPredictionJobResult",
]
