"""Conformed to purpose-built: runs one SQL file per purpose-built table over the conformed
table and writes each result to the purpose-built zone as Parquet, with its catalog table.

The SQL files (glue/sql/<table>.sql, shipped as one zipped asset) query the conformed table
under its own name (e.g. `orders`). Job arguments (set by the Glue stack):
  --source_database, --source_table  the conformed table
  --target_bucket                    the purpose-built bucket
  --target_database                  the purpose-built catalog database
  --sql_archive                      s3:// URL of the zip of the SQL files
  --execution_id                     the state machine's run (optional)
"""

import io
import posixpath
import sys
import zipfile
from urllib.parse import urlparse

import boto3
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

REQUIRED = [
    "JOB_NAME",
    "source_database",
    "source_table",
    "target_bucket",
    "target_database",
    "sql_archive",
]


def read_sql_files(archive_url):
    """{table name: SQL text} for every `<table>.sql` in the zip at `archive_url`, sorted."""
    url = urlparse(archive_url)
    body = boto3.client("s3").get_object(Bucket=url.netloc, Key=url.path.lstrip("/"))["Body"]
    queries = {}
    with zipfile.ZipFile(io.BytesIO(body.read())) as archive:
        for name in sorted(archive.namelist()):
            base = posixpath.basename(name)
            if not base.endswith(".sql"):
                continue
            table = base[: -len(".sql")]
            if not table.replace("_", "").isalnum():
                raise ValueError(f"{name}: a table name is letters, digits and underscores")
            queries[table] = archive.read(name).decode("utf-8")
    if not queries:
        raise ValueError(f"no .sql file in {archive_url}")
    return queries


def main():
    args = getResolvedOptions(sys.argv, REQUIRED)
    glue_context = GlueContext(SparkContext.getOrCreate())
    spark = glue_context.spark_session
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)

    source = glue_context.create_dynamic_frame.from_catalog(
        database=args["source_database"], table_name=args["source_table"]
    )
    source.toDF().createOrReplaceTempView(args["source_table"])

    for table, query in read_sql_files(args["sql_archive"]).items():
        result = spark.sql(query)
        sink = glue_context.getSink(
            connection_type="s3",
            path=f"s3://{args['target_bucket']}/{table}/",
            enableUpdateCatalog=True,
            updateBehavior="UPDATE_IN_DATABASE",
        )
        sink.setFormat("glueparquet", compression="snappy")
        sink.setCatalogInfo(catalogDatabase=args["target_database"], catalogTableName=table)
        sink.writeFrame(DynamicFrame.fromDF(result, glue_context, table))
    job.commit()


if __name__ == "__main__":
    main()
