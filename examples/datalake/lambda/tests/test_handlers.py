"""Runs the two handlers against a fake boto3 (no AWS, no dependency): what they write to the
audit table and how they start the state machine. `python3 test_handlers.py` exits non-zero on
a failure; examples/tests/tests/datalake.rs runs it."""

import importlib.util
import json
import os
import sys
import types
import unittest

# Byte code next to a function's code would change its asset (and the snapshots).
sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))


class FakeClient:
    """Records every call; answers start_execution with an ARN."""

    def __init__(self, service):
        self.service = service
        self.calls = []

    def __getattr__(self, operation):
        def call(**kwargs):
            self.calls.append((operation, kwargs))
            if operation == "start_execution":
                return {"executionArn": f"arn:aws:states:::execution:{kwargs['name']}"}
            return {}

        return call


def load(function):
    """Imports lambda/<function>/index.py with a fresh fake boto3; (module, clients)."""
    clients = {}
    fake = types.ModuleType("boto3")
    fake.client = lambda service: clients.setdefault(service, FakeClient(service))
    sys.modules["boto3"] = fake
    path = os.path.join(HERE, "..", function, "index.py")
    spec = importlib.util.spec_from_file_location(f"{function}_index", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, clients


EVENT = {
    "detail-type": "Object Created",
    "source": "aws.s3",
    "detail": {
        "bucket": {"name": "dev-cdkblog-e2e-222222222222-us-east-2-raw"},
        "object": {"key": "orders/2026/11/30/orders 1.csv"},
    },
}


class TriggerTest(unittest.TestCase):
    def setUp(self):
        os.environ["AUDIT_TABLE"] = "dev-cdkblog_e2e-etl-job-audit"
        os.environ["STATE_MACHINE_ARN"] = "arn:aws:states:us-east-2:222222222222:stateMachine:m"
        self.module, self.clients = load("trigger")

    def test_records_the_start_then_starts_the_machine(self):
        result = self.module.handler(EVENT, None)
        [(operation, put)] = self.clients["dynamodb"].calls
        self.assertEqual(operation, "put_item")
        self.assertEqual(put["TableName"], "dev-cdkblog_e2e-etl-job-audit")
        item = put["Item"]
        self.assertEqual(item["status"], {"S": "STARTED"})
        self.assertEqual(item["source_key"], {"S": "orders/2026/11/30/orders 1.csv"})
        self.assertEqual(put["ConditionExpression"], "attribute_not_exists(execution_id)")

        [(operation, start)] = self.clients["stepfunctions"].calls
        self.assertEqual(operation, "start_execution")
        name = item["execution_id"]["S"]
        self.assertEqual(start["name"], name)
        self.assertEqual(
            json.loads(start["input"]),
            {
                "execution_id": name,
                "source_bucket": "dev-cdkblog-e2e-222222222222-us-east-2-raw",
                "source_key": "orders/2026/11/30/orders 1.csv",
            },
        )
        self.assertEqual(result["execution_id"], name)

    def test_execution_names_are_unique_and_valid(self):
        long_key = "orders/" + "x" * 200 + ".csv"
        names = {self.module.execution_name(long_key) for _ in range(20)}
        self.assertEqual(len(names), 20)
        for name in names:
            self.assertLessEqual(len(name), 80)
            self.assertRegex(name, r"^[A-Za-z0-9_-]+$")


class StatusTest(unittest.TestCase):
    def setUp(self):
        os.environ["AUDIT_TABLE"] = "dev-cdkblog_e2e-etl-job-audit"
        self.module, self.clients = load("status")

    def test_records_a_success(self):
        self.module.handler({"execution_id": "run-1", "status": "SUCCEEDED"}, None)
        [(operation, update)] = self.clients["dynamodb"].calls
        self.assertEqual(operation, "update_item")
        self.assertEqual(update["Key"], {"execution_id": {"S": "run-1"}})
        self.assertEqual(update["ExpressionAttributeValues"][":status"], {"S": "SUCCEEDED"})
        self.assertNotIn("error_message", update["UpdateExpression"])

    def test_records_a_failure_with_its_error(self):
        error = {"Error": "States.TaskFailed", "Cause": "the Glue job failed"}
        self.module.handler({"execution_id": "run-2", "status": "FAILED", "error": error}, None)
        [(_, update)] = self.clients["dynamodb"].calls
        self.assertIn("error_message = :error", update["UpdateExpression"])
        self.assertEqual(
            update["ExpressionAttributeValues"][":error"],
            {"S": "States.TaskFailed: the Glue job failed"},
        )

    def test_rejects_an_unknown_status(self):
        with self.assertRaises(ValueError):
            self.module.handler({"execution_id": "run-3", "status": "MAYBE"}, None)
        self.assertEqual(self.clients.get("dynamodb").calls, [])


if __name__ == "__main__":
    unittest.main()
