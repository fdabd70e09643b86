"""kumoai.graph stand-in: Column, Table, Edge, Graph (kumo-semantics.md §1.3-1.4)."""
from kumoai import _standin
from kumoai.connector import SourceTable
from kumoapi.typing import Dtype, Stype


class Column:
    def __init__(self, name, stype=None, dtype=None, timestamp_format=None):
        self.name = name
        self.stype = stype
        self.dtype = dtype
        self.timestamp_format = timestamp_format

    def __setattr__(self, attribute, value):
        # The SDK validates the vocabulary: an unknown stype or dtype raises.
        if attribute == "stype" and value is not None:
            value = Stype(getattr(value, "value", value))
        if attribute == "dtype" and value is not None:
            value = Dtype(getattr(value, "value", value))
        object.__setattr__(self, attribute, value)


class Table:
    def __init__(self, source_table, columns=None, primary_key=None, time_column=None, end_time_column=None):
        if not isinstance(source_table, SourceTable):
            raise TypeError("source_table must be a SourceTable")
        self.source_table = source_table
        self._columns = {}
        for column in columns or []:
            if isinstance(column, dict):
                column = Column(**column)
            self._columns[column.name] = column
        for role, name in (("primary_key", primary_key), ("time_column", time_column), ("end_time_column", end_time_column)):
            if name is not None and name not in self._columns:
                raise ValueError(f"The {role} {name!r} must be one of the table's columns")
        self._primary_key = primary_key
        self._time_column = time_column
        self._end_time_column = end_time_column

    @classmethod
    def from_source_table(cls, source_table, columns=None, primary_key=None, time_column=None, end_time_column=None):
        _standin.record(
            "Table.from_source_table",
            source_table={"name": source_table.name, "connector": source_table.connector.name},
            columns=columns,
            primary_key=primary_key,
            time_column=time_column,
            end_time_column=end_time_column,
        )
        available = source_table.column_dict
        names = list(available) if columns is None else list(columns)
        for name in names:
            if name not in available:
                raise ValueError(f"Column {name!r} is not in source table {source_table.name!r}")
        return cls(
            source_table,
            columns=[Column(name) for name in names],
            primary_key=primary_key,
            time_column=time_column,
            end_time_column=end_time_column,
        )

    @staticmethod
    def load(table_name):
        raise ValueError(f"The stand-in has no saved table {table_name!r}")

    def infer_metadata(self):
        _standin.record("Table.infer_metadata", table=self.source_table.name)
        source = self.source_table.column_dict
        for column in self._columns.values():
            if column.dtype is None:
                column.dtype = source[column.name].dtype
            if column.stype is None:
                column.stype = Stype.ID if column.name == self._primary_key else source[column.name].stype
        return self

    def has_column(self, name):
        return name in self._columns

    def column(self, name):
        if name not in self._columns:
            raise KeyError(f"Column {name!r} is not in table {self.source_table.name!r}")
        return self._columns[name]

    def __getitem__(self, name):
        return self.column(name)

    @property
    def columns(self):
        return list(self._columns.values())

    @property
    def primary_key(self):
        return self._columns.get(self._primary_key) if self._primary_key else None

    @property
    def time_column(self):
        return self._columns.get(self._time_column) if self._time_column else None

    @property
    def end_time_column(self):
        return self._columns.get(self._end_time_column) if self._end_time_column else None


class Edge:
    def __init__(self, src_table, fkey, dst_table):
        self.src_table = src_table
        self.fkey = fkey
        self.dst_table = dst_table


class Graph:
    def __init__(self, tables=None, edges=None):
        self._tables = dict(tables or {})
        self._edges = []
        _standin.record(
            "Graph",
            tables={name: {"source": t.source_table.name, "connector": t.source_table.connector.name} for name, t in self._tables.items()},
            edges=[
                e if isinstance(e, dict) else {"src_table": e.src_table, "fkey": e.fkey, "dst_table": e.dst_table} if isinstance(e, Edge) else list(e)
                for e in edges or []
            ],
        )
        for edge in edges or []:
            if isinstance(edge, dict):
                edge = Edge(**edge)
            elif isinstance(edge, (tuple, list)):
                edge = Edge(*edge)
            self.link(edge)

    def link(self, edge):
        """Graph.link's checks (§1.4 rule 2): both tables exist, the foreign key is a column of src."""
        for name in (edge.src_table, edge.dst_table):
            if name not in self._tables:
                raise ValueError(f"Table {name!r} is not in the graph")
        if not self._tables[edge.src_table].has_column(edge.fkey):
            raise ValueError(f"{edge.fkey!r} is not a column of {edge.src_table!r}")
        self._edges.append(edge)

    @property
    def tables(self):
        return dict(self._tables)

    @property
    def edges(self):
        return list(self._edges)

    def snapshot(self, non_blocking=False):
        return "graphsnapshot-standin-1"
