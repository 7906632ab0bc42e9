"""Status: records the outcome of an ETL run (SUCCEEDED or FAILED, with the error) in the
audit table. The state machine calls it with {"execution_id", "status", "error"?}.

Environment: AUDIT_TABLE (the audit table's name).
"""

import json
import os
from datetime import datetime, timezone

import boto3

dynamodb = boto3.client("dynamodb")

OUTCOMES = ("SUCCEEDED", "FAILED")


def describe(error):
    """The error caught by the state machine ({"Error", "Cause"}) as one short text."""
    if not error:
        return ""
    if isinstance(error, dict):
        text = f"{error.get('Error', 'Error')}: {error.get('Cause', '')}"
    else:
        text = json.dumps(error)
    return text[:4000]


def handler(event, _context):
    status = event["status"]
    if status not in OUTCOMES:
        raise ValueError(f"unknown status {status!r}: expected one of {OUTCOMES}")
    values = {
        ":status": {"S": status},
        ":finished": {"S": datetime.now(timezone.utc).isoformat()},
    }
    update = "SET #status = :status, finished_at = :finished"
    error = describe(event.get("error"))
    if error:
        update += ", error_message = :error"
        values[":error"] = {"S": error}
    dynamodb.update_item(
        TableName=os.environ["AUDIT_TABLE"],
        Key={"execution_id": {"S": event["execution_id"]}},
        UpdateExpression=update,
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues=values,
    )
    return {"execution_id": event["execution_id"], "status": status}
