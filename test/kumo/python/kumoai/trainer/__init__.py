"""kumoai.trainer stand-in: Trainer.load / predict and the batch prediction job objects (§1.6-1.8)."""
import os
import time

from kumoai import _standin
from kumoai.connector import BigQueryConnector, DatabricksConnector, S3Connector, SnowflakeConnector
from kumoai.graph import Graph
from kumoai.pquery import PredictionTable, PredictionTableJob

_TERMINAL = ("DONE", "FAILED", "CANCELLED")


class BatchPredictionJobResult:
    def __init__(self, job_id):
        self.job_id = job_id

    @property
    def id(self):
        return self.job_id

    def summary(self):
        _, resource = _standin.http("GET", f"/prediction_jobs/{self.job_id}")
        return (resource or {}).get("result")


class BatchPredictionJob:
    def __init__(self, job_id):
        self.job_id = job_id

    @property
    def id(self):
        return self.job_id

    def status(self):
        _, resource = _standin.http("GET", f"/prediction_jobs/{self.job_id}")
        return resource["job_status_report"]["status"]

    def attach(self, interval_s=20.0):
        _standin.record("BatchPredictionJob.attach", job_id=self.job_id)
        while True:
            status = self.status()
            if status in _TERMINAL:
                break
            time.sleep(float(os.environ.get("KUMOAI_STANDIN_POLL_S", "0.05")))
        if status != "DONE":
            raise ValueError(f"Batch prediction job {self.job_id} completed with status {status}")
        return BatchPredictionJobResult(self.job_id)

    def result(self):
        return self.attach()


def _output_configs(output_config):
    """The SDK's build_prediction_output_config: one artifact per output type, `<name>_<type>` (§1.7)."""
    connector = output_config.output_connector
    extra = [getattr(f, "value", f) for f in output_config.output_metadata_fields or []]
    mode = getattr(getattr(output_config.connector_specific_config, "write_mode", None), "value", "OVERWRITE")
    outputs = []
    for output_type in sorted(output_config.output_types):
        artifact = output_type.upper()
        if connector is None:
            outputs.append({"storage_type": "LOCAL", "artifact_type": artifact, "extra_fields": extra})
        elif isinstance(connector, S3Connector):
            path = os.path.join(connector.root_dir, f"{output_config.output_table_name}_{output_type}")
            config = {"storage_type": "S3", "artifact_type": artifact, "file_path": path, "extra_fields": extra}
            if connector.name:
                config["connector_id"] = connector.name
            outputs.append(config)
        elif isinstance(connector, DatabricksConnector):
            schema, table = output_config.output_table_name
            outputs.append({
                "storage_type": "DATABRICKS", "artifact_type": artifact, "connector_id": connector.name,
                "table_name": f"{schema}.{table}_{output_type}", "extra_fields": extra,
            })
        else:
            kind = "SNOWFLAKE" if isinstance(connector, SnowflakeConnector) else "BIGQUERY"
            assert isinstance(connector, (SnowflakeConnector, BigQueryConnector))
            outputs.append({
                "storage_type": kind, "artifact_type": artifact, "connector_id": connector.name,
                "table_name": f"{output_config.output_table_name}_{output_type}", "extra_fields": extra, "write_mode": mode,
            })
    return outputs


class Trainer:
    def __init__(self, model_plan):
        self.model_plan = model_plan
        self._training_job_id = None

    @classmethod
    def load(cls, job_id):
        _standin.record("Trainer.load", job_id=job_id)
        status, resource = _standin.http("GET", f"/training_jobs/{job_id}")
        if status != 200:
            raise ValueError(f"Training job {job_id} could not be loaded (HTTP {status})")
        trainer = cls(model_plan=None)
        trainer._training_job_id = job_id
        return trainer

    def predict(
        self,
        graph,
        prediction_table,
        output_types=None,
        output_connector=None,
        output_table_name=None,
        output_metadata_fields=None,
        output_config=None,
        training_job_id=None,
        binary_classification_threshold=None,
        num_classes_to_return=None,
        num_workers=1,
        non_blocking=False,
        custom_tags={},  # noqa: B006 (the SDK's own default)
    ):
        _standin.record(
            "Trainer.predict",
            graph=sorted(graph.tables) if isinstance(graph, Graph) else repr(graph),
            prediction_table=prediction_table,
            output_config=output_config,
            training_job_id=training_job_id,
            binary_classification_threshold=binary_classification_threshold,
            num_classes_to_return=num_classes_to_return,
            num_workers=num_workers,
            non_blocking=non_blocking,
            custom_tags=dict(custom_tags),
        )
        if any(v is not None for v in (output_types, output_connector, output_table_name, output_metadata_fields)):
            raise ValueError("output_types, output_connector, output_table_name and output_metadata_fields are deprecated. Please use output_config.")
        assert output_config is not None, "output_config is required"
        if not isinstance(graph, Graph):
            raise TypeError("graph must be a kumoai.Graph")
        job_id = training_job_id or self._training_job_id
        if job_id is None:
            raise ValueError("Cannot run batch prediction without a specified or saved training job ID.")
        request = {
            "job_tags": dict(custom_tags),
            "model_training_job_id": job_id,
            "predict_options": {
                "binary_classification_threshold": binary_classification_threshold,
                "num_classes_to_return": num_classes_to_return,
                "num_workers": num_workers,
            },
            "outputs": _output_configs(output_config),
            "graph_snapshot_id": graph.snapshot(non_blocking=non_blocking),
            "pred_table_job_id": None,
            "pred_table_path": None,
            "prediction_time": None,
            "explanations": False,
            "data_backend_session_id": None,
        }
        if isinstance(prediction_table, PredictionTableJob):
            request["pred_table_job_id"] = prediction_table.job_id
        elif isinstance(prediction_table, PredictionTable):
            request["pred_table_job_id"] = prediction_table.job_id
            request["pred_table_path"] = prediction_table.table_data_path
        else:
            raise TypeError("prediction_table must be a PredictionTable or a PredictionTableJob")
        status, answer = _standin.http("POST", "/prediction_jobs", request)
        if status != 200:
            raise RuntimeError(f"Kumo rejected the batch prediction request (HTTP {status})")
        job_id, validation = answer
        if job_id is None:
            messages = "; ".join(f"{e['title']}: {e['message']}" for e in validation.get("errors", []))
            raise RuntimeError(f"Prediction failed. {messages}")
        job = BatchPredictionJob(job_id)
        return job if non_blocking else job.attach()
