"""kumoapi.jobs enums used by OutputConfig users (kumo-semantics.md §1.7)."""
from enum import Enum


class WriteMode(str, Enum):
    OVERWRITE = "OVERWRITE"
    APPEND = "APPEND"


class MetadataField(str, Enum):
    ANCHOR_TIMESTAMP = "ANCHOR_TIMESTAMP"
    JOB_TIMESTAMP = "JOB_TIMESTAMP"
