"""Glue job of the etl example: turns one CSV object of the raw bucket into Parquet in the
curated bucket.

The state machine starts a run for each object that lands under ``incoming/`` in the raw bucket
and passes its key as ``--source_key``; the buckets come from the job's default arguments.
``incoming/<dataset>/<file>.csv`` is written to ``parquet/<dataset>/ingest_date=<date>/`` of the
curated bucket, with two columns added: the source key and the time of ingestion.
"""

import re
import sys
from datetime import datetime, timezone

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

INCOMING = "incoming/"


def dataset_of(source_key):
    """The dataset an object belongs to: the folder below ``incoming/`` (``default`` if none)."""
    relative = source_key[len(INCOMING):] if source_key.startswith(INCOMING) else source_key
    folder, _, rest = relative.partition("/")
    return folder if rest else "default"


def column_name(name):
    """A column name Parquet and Athena accept: lower case, ``_`` instead of anything else."""
    cleaned = re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")
    return cleaned or "column"


def main():
    args = getResolvedOptions(
        sys.argv, ["JOB_NAME", "raw_bucket", "curated_bucket", "source_key"]
    )
    glue_context = GlueContext(SparkContext.getOrCreate())
    spark = glue_context.spark_session
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)

    source = "s3://{}/{}".format(args["raw_bucket"], args["source_key"])
    frame = (
        spark.read.option("header", "true")
        .option("inferSchema", "true")
        .option("mode", "FAILFAST")
        .csv(source)
    )
    for old in frame.columns:
        frame = frame.withColumnRenamed(old, column_name(old))

    now = datetime.now(timezone.utc)
    frame = (
        frame.withColumn("source_key", F.lit(args["source_key"]))
        .withColumn("ingested_at", F.lit(now.isoformat()))
        .withColumn("ingest_date", F.lit(now.date().isoformat()))
    )
    target = "s3://{}/parquet/{}/".format(
        args["curated_bucket"], dataset_of(args["source_key"])
    )
    frame.write.mode("append").partitionBy("ingest_date").parquet(target)
    job.commit()


if __name__ == "__main__":
    main()
