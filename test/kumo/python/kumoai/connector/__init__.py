"""kumoai.connector stand-in: connectors by name, source tables (kumo-semantics.md §1.2)."""
from kumoai import _standin
from kumoapi.typing import Dtype, Stype


class SourceColumn:
    def __init__(self, name, stype, dtype, is_primary):
        self.name = name
        self.stype = stype
        self.dtype = dtype
        self.is_primary = is_primary


class SourceTable:
    def __init__(self, name, connector):
        self.name = name
        self.connector = connector

    def _columns(self):
        tables = self.connector._tables()
        if self.name not in tables:
            raise ValueError(f"Table {self.name!r} does not exist in connector {self.connector.name!r}")
        return tables[self.name]["columns"]

    @property
    def column_dict(self):
        return {c["name"]: SourceColumn(c["name"], Stype(c["stype"]), Dtype(c["dtype"]), False) for c in self._columns()}

    @property
    def columns(self):
        _standin.record("SourceTable.columns", connector=self.connector.name, table=self.name)
        return list(self.column_dict.values())


class Connector:
    """Base of every connector: table access by name (§1.2)."""

    def __init__(self, name=None):
        self._name = name

    @property
    def name(self):
        return self._name

    @classmethod
    def get_by_name(cls, name):
        _standin.require_client()
        stored = _standin.state().get("connectors", {}).get(name)
        _standin.record(f"{cls.__name__}.get_by_name", name=name)
        if stored is None:
            raise ValueError(f"There does not exist an existing stored connector with name {name}.")
        if stored["class"] != cls.__name__:
            raise ValueError(f"Connector {name!r} is a {stored['class']}, not a {cls.__name__}.")
        connector = cls.__new__(cls)
        Connector.__init__(connector, name)
        return connector

    def _tables(self):
        return _standin.state().get("connectors", {}).get(self._name, {}).get("tables", {})

    def table_names(self):
        _standin.record(f"{type(self).__name__}.table_names", connector=self._name)
        return sorted(self._tables())

    def has_table(self, name):
        return name in self._tables()

    def __contains__(self, name):
        return self.has_table(name)

    def table(self, name):
        _standin.record(f"{type(self).__name__}.table", connector=self._name, name=name)
        if not self.has_table(name):
            raise ValueError(f"Table {name!r} does not exist in connector {self._name!r}")
        return SourceTable(name, self)

    def __getitem__(self, name):
        return self.table(name)


class S3Connector(Connector):
    def __init__(self, root_dir=None):
        super().__init__(None)
        self.root_dir = root_dir
        _standin.record("S3Connector", root_dir=root_dir)


class SnowflakeConnector(Connector):
    def __init__(self, name, account, warehouse, database, schema_name, credentials=None):
        super().__init__(name)


class DatabricksConnector(Connector):
    def __init__(self, name, host, cluster_id, warehouse_id, catalog, credentials=None):
        super().__init__(name)


class BigQueryConnector(Connector):
    def __init__(self, name, project_id, dataset_id, credentials=None):
        super().__init__(name)


class FileUploadConnector(Connector):
    def __init__(self, file_type):
        if file_type not in ("csv", "parquet"):
            raise ValueError("file_type must be 'csv' or 'parquet'")
        super().__init__(None)
        self.file_type = file_type
