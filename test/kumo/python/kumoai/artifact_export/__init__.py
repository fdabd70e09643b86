"""kumoai.artifact_export stand-in."""
from kumoai.artifact_export.config import OutputConfig  # noqa: F401
