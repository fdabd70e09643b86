"""kumoapi.typing Stype / Dtype / TaskType: string enums (kumo-semantics.md §1.3)."""
from enum import Enum


class Stype(str, Enum):
    numerical = "numerical"
    categorical = "categorical"
    multicategorical = "multicategorical"
    ID = "ID"
    text = "text"
    timestamp = "timestamp"
    sequence = "sequence"
    image = "image"
    unsupported = "unsupported"


class Dtype(str, Enum):
    bool = "bool"
    int = "int"
    byte = "byte"
    int16 = "int16"
    int32 = "int32"
    int64 = "int64"
    float = "float"
    float32 = "float32"
    float64 = "float64"
    string = "string"
    binary = "binary"
    date = "date"
    time = "time"
    timedelta = "timedelta"
    floatlist = "floatlist"
    intlist = "intlist"
    stringlist = "stringlist"
    unsupported = "unsupported"


class TaskType(str, Enum):
    BINARY_CLASSIFICATION = "binary_classification"
    MULTICLASS_CLASSIFICATION = "multiclass_classification"
    MULTILABEL_CLASSIFICATION = "multilabel_classification"
    MULTILABEL_RANKING = "multilabel_ranking"
    REGRESSION = "regression"
    TEMPORAL_LINK_PREDICTION = "temporal_link_prediction"
    STATIC_LINK_PREDICTION = "static_link_prediction"
    FORECASTING = "forecasting"
