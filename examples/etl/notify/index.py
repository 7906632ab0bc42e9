"""Notifier of the etl example: publishes the outcome of a pipeline run to the SNS topic.

The state machine invokes it once per run, after the Glue job, with
``{"status": "SUCCEEDED" | "FAILED", "execution": ..., "source_key": ..., ...}``; a failed run
also carries the error Step Functions caught (``{"Error": ..., "Cause": ...}``).
"""

import json
import os

import boto3

SNS = boto3.client("sns")
# SNS accepts subjects of at most 100 printable ASCII characters on one line.
MAX_SUBJECT = 100


def subject_of(event):
    """A one-line subject such as ``ETL succeeded: incoming/sales/2024-05-01.csv``."""
    status = "succeeded" if event.get("status") == "SUCCEEDED" else "failed"
    text = "ETL {}: {}".format(status, event.get("source_key") or "unknown object")
    printable = "".join(c if " " <= c <= "~" else "?" for c in text)
    return printable[:MAX_SUBJECT]


def message_of(event):
    """The message body: what ran, on what, and how it ended."""
    body = {
        "status": event.get("status", "UNKNOWN"),
        "execution": event.get("execution"),
        "source_key": event.get("source_key"),
    }
    if "job_run_id" in event:
        body["job_run_id"] = event["job_run_id"]
    error = event.get("error")
    if isinstance(error, dict):
        body["error"] = error.get("Error")
        cause = error.get("Cause")
        try:
            body["cause"] = json.loads(cause)
        except (TypeError, ValueError):
            body["cause"] = cause
    return json.dumps(body, indent=2, sort_keys=True, default=str)


def handler(event, context):
    """Publishes the run's outcome and returns the message id."""
    response = SNS.publish(
        TopicArn=os.environ["TOPIC_ARN"],
        Subject=subject_of(event),
        Message=message_of(event),
    )
    return {"status": event.get("status"), "message_id": response["MessageId"]}
