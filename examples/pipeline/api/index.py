"""Lists the objects of the data bucket (the pipeline example's API function)."""
import json
import os

import boto3


def handler(event, context):
    s3 = boto3.client("s3")
    listed = s3.list_objects_v2(Bucket=os.environ["BUCKET"], MaxKeys=20)
    keys = [o["Key"] for o in listed.get("Contents", [])]
    return {"statusCode": 200, "body": json.dumps(keys)}
