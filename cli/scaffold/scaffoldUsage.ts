/** `relgraph scaffold --help`: both scaffolds, the matching rules, the Kumo options and the exit codes. */
export const SCAFFOLD_USAGE = `Usage: relgraph scaffold inference-graph --from <model> [--data <folder|glob|file>]... [-o <file.graph.yaml>]
       relgraph scaffold inference-graph --from kumo:<id> --connector <name> [--tables <pattern>] [-o ...]
       relgraph scaffold prediction --from <model> --graph <file.graph.yaml> [<destination>] [-o <file.prediction.yaml>]

Writes the spec files of a prediction on new data ("inference on a different graph"), so that nothing of
the training graph's contract has to be typed by hand.

  inference-graph  A graph spec with the training graph's table names, primary keys, time columns,
                   column overrides and edges. Each table's source is picked among the --data files
                   (or the source tables of a Kumo connector, --connector):
                   1. by name: a file named like the training source's file (results.csv), else one
                      whose name (without extension) is the table's or that file's (results.parquet);
                      a connector table named like the training source table (CUSTOMERS), else like
                      the table;
                   2. else by columns: the file that has the table's primary key and time column and
                      most of the columns the model uses, with the same types (DuckDB DESCRIBE; for a
                      connector table, the dtypes Kumo lists);
                   3. else none: 'source:' is left to fill in, with a comment naming the columns needed.
                   Every decision is printed with its reason and the columns missing or retyped. When
                   two candidates fit a table equally well, both are reported and neither is picked:
                   pick one with --match.
  prediction       A prediction spec for the model and an inference graph, with what the task needs:
                   a threshold for binary classification (decided with the training data when a
                   two-valued target makes the model binary), classes to return for multiclass and
                   ranking, and the anchor time it would default to (read from the graph's data; Kumo
                   infers it for connector tables) as a comment.

<model> is a *.training.yaml file, a finished local training job id (relgraph jobs list), or
kumo:<id>, a Kumo training job whose graph 'relgraph kumo pull kumo:<id>' cached in this workspace
(without the copy, the command says so; it works offline from it, and with --connector it is pulled
again first when Kumo changed the job since, as relgraph predict does).

Options:
  --from <model>        the trained model whose graph to follow (required)
  --data <path>         inference-graph: where the new tables are: a folder (its CSV and Parquet files,
                        and subfolders holding one table's parts), a glob ('new/*.parquet') or a file;
                        repeatable, and further arguments are read as more paths. Without it (and
                        without --connector) every source is left to fill in
  --connector <name>    inference-graph, Kumo models: match the source tables of this Kumo connector;
                        sources are written { connector: <name>, table: <table> }. Its tables and
                        their columns are read with Kumo's Python SDK (get_by_name, table_names(),
                        connector[name].columns), as relgraph kumo pull reads graphs: Kumo's REST API
                        documents no body for /source_tables/list_tables. Needs KUMO_API_URL and
                        KUMO_API_KEY
  --tables <pattern>    inference-graph, with --connector: only its tables named like the pattern
                        ('*_2024'; * and ?, any case), e.g. when new and training tables share a connector
  --python <path>       inference-graph, with --connector: the Python with kumoai (else KUMO_PYTHON,
                        else python3)
  --graph <file>        prediction: the inference graph the spec predicts on (required)
  -o, --output <file>   the spec to write (*.graph.yaml / *.prediction.yaml); paths in it are relative
                        to it. Without it (or with -), the spec is printed on stdout and the report on
                        stderr
  --match <table>=<source>
                        inference-graph: use this source for the training table instead of the
                        automatic match: a file or folder among the --data candidates, or a table of
                        the --connector (its name, any case); nothing after = leaves 'source:' to fill
                        in. Repeatable, one per table; the report says 'chosen'
  --force               replace the output file if it exists (it is never replaced otherwise)
  --json                inference-graph: print the decisions as JSON instead of the report: per
                        table its status, source, the report's words (description: reason, problems)
                        and every candidate's fit, best first (fits: candidate, source, matched,
                        missing, retyped); without -o, also the graph's text
  -h, --help            show this help

<destination> (prediction; default: a local CSV file out/<name>.csv, which on Kumo means Kumo keeps
the outputs and relgraph predict downloads them), as relgraph kumo export takes it:
  --path <file>         a .csv or .parquet file here (relative to the current folder)
  --path <s3://...> [--connector <name>]                          Kumo models: an S3 path
  --storage <snowflake|bigquery|databricks> --connector <name> --table <table>   Kumo models: a table

The output is written under a temporary name and renamed into place, never half-written.

Exit codes: 0 every table matched with all the columns the model uses (prediction: the spec was
written), 1 some table is unmatched or ambiguous, or its source lacks or retypes a column the model
uses (the spec is still written, with the gaps commented; relgraph validate reports them), or Kumo
could not be asked (the message says why), 2 bad usage (unknown option, --from is no training spec or
job, a kumo: job that was never pulled, --data matches nothing, the output exists).`;
