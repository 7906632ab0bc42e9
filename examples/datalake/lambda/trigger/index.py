"""Trigger: for each new object of the raw zone (an EventBridge "Object Created" event),
records the start of an ETL run in the audit table and starts the state machine.

Environment: AUDIT_TABLE (the audit table's name), STATE_MACHINE_ARN.
"""

import json
import os
import re
import uuid
from datetime import datetime, timezone

import boto3

dynamodb = boto3.client("dynamodb")
stepfunctions = boto3.client("stepfunctions")


def execution_name(key):
    """A unique execution name (at most 80 characters of [A-Za-z0-9-_]) that shows the key."""
    readable = re.sub(r"[^A-Za-z0-9_-]", "-", key)[-43:]
    return f"{uuid.uuid4()}-{readable}".rstrip("-")


def handler(event, _context):
    detail = event["detail"]
    bucket = detail["bucket"]["name"]
    key = detail["object"]["key"]
    name = execution_name(key)
    started = datetime.now(timezone.utc).isoformat()

    # Recorded first, so that the status function always finds the run.
    dynamodb.put_item(
        TableName=os.environ["AUDIT_TABLE"],
        Item={
            "execution_id": {"S": name},
            "status": {"S": "STARTED"},
            "source_bucket": {"S": bucket},
            "source_key": {"S": key},
            "started_at": {"S": started},
        },
        ConditionExpression="attribute_not_exists(execution_id)",
    )
    response = stepfunctions.start_execution(
        stateMachineArn=os.environ["STATE_MACHINE_ARN"],
        name=name,
        input=json.dumps(
            {"execution_id": name, "source_bucket": bucket, "source_key": key}
        ),
    )
    return {"execution_id": name, "execution_arn": response["executionArn"]}
