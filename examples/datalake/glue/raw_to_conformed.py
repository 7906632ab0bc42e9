"""Raw to conformed: reads the raw zone's CSV orders, types and cleans them, and writes them
to the conformed zone as Parquet partitioned by order date, updating the catalog table.

Job arguments (set by the Glue stack, the run's by the state machine):
  --source_bucket, --source_prefix  where the raw CSV objects are
  --source_key                      the object that started the run (optional: the whole prefix otherwise)
  --target_bucket                   the conformed bucket
  --target_database, --table_name   the catalog table to create or update
  --execution_id                    the state machine's run, recorded in each row
"""

import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

REQUIRED = [
    "JOB_NAME",
    "source_bucket",
    "source_prefix",
    "target_bucket",
    "target_database",
    "table_name",
]
OPTIONAL = ["source_key", "execution_id"]

# The columns of a raw order, with their types in the conformed zone.
SCHEMA = [
    ("order_id", "string"),
    ("customer_id", "string"),
    ("order_date", "date"),
    ("product", "string"),
    ("quantity", "int"),
    ("unit_price", "decimal(12,2)"),
]
PARTITION_KEYS = ["year", "month", "day"]


def resolve_arguments(argv):
    """The required arguments and those optional ones that were given."""
    present = [name for name in OPTIONAL if f"--{name}" in argv]
    return getResolvedOptions(argv, REQUIRED + present)


def source_path(args):
    """The object that started the run, or every object under the prefix."""
    key = args.get("source_key") or args["source_prefix"]
    return f"s3://{args['source_bucket']}/{key}"


def conform(frame, execution_id):
    """Types every column, drops rows without an id or a date, removes duplicates, and adds
    the partition columns and the lineage columns."""
    for name, kind in SCHEMA:
        frame = frame.withColumn(name, F.trim(F.col(name)).cast(kind))
    frame = (
        frame.dropna(subset=["order_id", "order_date"])
        .dropDuplicates(["order_id"])
        .withColumn("year", F.year("order_date"))
        .withColumn("month", F.month("order_date"))
        .withColumn("day", F.dayofmonth("order_date"))
        .withColumn("ingested_at", F.current_timestamp())
        .withColumn("execution_id", F.lit(execution_id or "manual"))
    )
    return frame


def main():
    args = resolve_arguments(sys.argv)
    glue_context = GlueContext(SparkContext.getOrCreate())
    spark = glue_context.spark_session
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)

    raw = (
        spark.read.option("header", "true")
        .option("mode", "PERMISSIVE")
        .csv(source_path(args))
    )
    missing = [name for name, _ in SCHEMA if name not in raw.columns]
    if missing:
        raise ValueError(f"the raw data lacks the columns {missing}")
    conformed = conform(raw, args.get("execution_id"))

    table = args["table_name"]
    sink = glue_context.getSink(
        connection_type="s3",
        path=f"s3://{args['target_bucket']}/{table}/",
        enableUpdateCatalog=True,
        updateBehavior="UPDATE_IN_DATABASE",
        partitionKeys=PARTITION_KEYS,
    )
    sink.setFormat("glueparquet", compression="snappy")
    sink.setCatalogInfo(catalogDatabase=args["target_database"], catalogTableName=table)
    sink.writeFrame(DynamicFrame.fromDF(conformed, glue_context, table))
    job.commit()


if __name__ == "__main__":
    main()
