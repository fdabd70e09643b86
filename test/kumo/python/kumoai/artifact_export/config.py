"""OutputConfig and the connector-specific configs (kumo-semantics.md §1.7), with the SDK's checks."""
from kumoai.connector import BigQueryConnector, DatabricksConnector, S3Connector, SnowflakeConnector
from kumoapi.jobs import WriteMode


class QueryConnectorConfig:
    def __init__(self, write_mode=WriteMode.APPEND):
        self.write_mode = WriteMode(write_mode)


class BigQueryOutputConfig(QueryConnectorConfig):
    pass


class SnowflakeConnectorConfig(QueryConnectorConfig):
    pass


class OutputConfig:
    def __init__(
        self,
        output_types,
        output_connector=None,
        output_table_name=None,
        output_metadata_fields=None,
        connector_specific_config=None,
    ):
        types = {t.lower() for t in output_types}
        if not types or not types <= {"predictions", "embeddings"}:
            raise ValueError(f"output_types must be 'predictions' and/or 'embeddings' (got {output_types!r})")
        if output_connector is not None:
            if not isinstance(output_connector, (S3Connector, SnowflakeConnector, DatabricksConnector, BigQueryConnector)):
                raise ValueError("Output connectors are S3, Snowflake, Databricks or BigQuery")
            if output_table_name is None:
                raise ValueError("output_table_name is required with an output connector")
            if isinstance(output_connector, S3Connector) and not output_connector.root_dir:
                raise ValueError("An S3 output connector needs root_dir")
            if isinstance(output_connector, DatabricksConnector) and not isinstance(output_table_name, tuple):
                raise ValueError("Databricks output tables are (schema, table) tuples")
        if connector_specific_config is not None:
            if isinstance(output_connector, (S3Connector, DatabricksConnector)) or output_connector is None:
                raise ValueError("connector_specific_config is for Snowflake and BigQuery outputs only")
            if isinstance(output_connector, SnowflakeConnector) and not isinstance(connector_specific_config, SnowflakeConnectorConfig):
                raise ValueError("A Snowflake output takes SnowflakeConnectorConfig")
            if isinstance(output_connector, BigQueryConnector) and not isinstance(connector_specific_config, BigQueryOutputConfig):
                raise ValueError("A BigQuery output takes BigQueryOutputConfig")
        self.output_types = types
        self.output_connector = output_connector
        self.output_table_name = output_table_name
        self.output_metadata_fields = output_metadata_fields
        self.connector_specific_config = connector_specific_config
