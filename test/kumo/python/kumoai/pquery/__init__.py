"""kumoai.pquery stand-in: PredictiveQuery, table-generation plans, prediction tables (§1.5)."""
import datetime
import itertools
from enum import Enum

from kumoai import _standin
from kumoai.connector import Connector, SourceTable
from kumoai.graph import Column, Edge, Graph, Table
from kumoapi.typing import Dtype, Stype, TaskType

_table_jobs = itertools.count(1)


class RunMode(str, Enum):
    DEBUG = "debug"
    FAST = "fast"
    NORMAL = "normal"
    BEST = "best"


@_standin.strict_attributes
class PredictionTableGenerationPlan:
    __slots_allowed__ = ("anchor_time", "forecast_length", "lag_timesteps", "year_over_year")

    def __init__(self):
        self.anchor_time = "inferred"
        self.forecast_length = None
        self.lag_timesteps = None
        self.year_over_year = None


class PredictionTableJob:
    def __init__(self, job_id):
        self.job_id = job_id

    @property
    def id(self):
        return self.job_id


class PredictionTable:
    def __init__(self, job_id=None, table_data_path=None):
        if (job_id is None) == (table_data_path is None):
            raise ValueError("Give exactly one of job_id and table_data_path")
        self.job_id = job_id
        self.table_data_path = table_data_path


def _connector(name, stored_class):
    """The training graph's connector object, as the SDK materializes it."""
    import kumoai.connector as connectors

    cls = getattr(connectors, stored_class or "Connector", Connector)
    connector = cls.__new__(cls)
    Connector.__init__(connector, name)
    return connector


class PredictiveQuery:
    def __init__(self, graph, query):
        self.graph = graph
        self.query = query
        self._task_type = None

    @classmethod
    def load_from_training_job(cls, training_job_id):
        _standin.record("PredictiveQuery.load_from_training_job", training_job_id=training_job_id)
        status, _ = _standin.http("GET", f"/training_jobs/{training_job_id}")
        if status == 404:
            raise ValueError(f"Training job {training_job_id} does not exist")
        if status != 200:
            raise RuntimeError(f"Kumo answered HTTP {status}")
        job = _standin.state()["training_jobs"][training_job_id]
        tables = {}
        for name, spec in job["graph"]["tables"].items():
            source = SourceTable(spec["source"]["table"], _connector(spec["source"]["connector"], spec["source"].get("class")))
            tables[name] = Table(
                source,
                columns=[Column(c["name"], stype=Stype(c["stype"]), dtype=Dtype(c["dtype"])) for c in spec["columns"]],
                primary_key=spec.get("primary_key"),
                time_column=spec.get("time_column"),
                end_time_column=spec.get("end_time_column"),
            )
        graph = Graph.__new__(Graph)
        graph._tables = tables
        graph._edges = [Edge(**e) for e in job["graph"]["edges"]]
        pquery = cls(graph, job["query"])
        pquery._task_type = job.get("task_type")
        return pquery

    def get_task_type(self):
        if self._task_type is None:
            raise RuntimeError("The stand-in knows no task type for this query")
        return TaskType(self._task_type)

    def suggest_prediction_table_plan(self, run_mode=RunMode.NORMAL):
        _standin.record("PredictiveQuery.suggest_prediction_table_plan", run_mode=RunMode(run_mode))
        return PredictionTableGenerationPlan()

    def generate_prediction_table(self, plan=None, non_blocking=False):
        anchor = getattr(plan, "anchor_time", "inferred")
        if not (anchor == "inferred" or isinstance(anchor, (int, datetime.datetime))):
            raise ValueError("anchor_time is an int (ns), 'inferred' or a datetime")
        _standin.record(
            "PredictiveQuery.generate_prediction_table",
            anchor_time=anchor.isoformat() if isinstance(anchor, datetime.datetime) else anchor,
            non_blocking=non_blocking,
        )
        job = PredictionTableJob(f"gen-predtable-job-standin-{next(_table_jobs)}")
        return job if non_blocking else PredictionTable(job_id=job.job_id)
